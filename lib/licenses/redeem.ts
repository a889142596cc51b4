import { runOptimistic } from '../db/optimistic.js';
import { batchGet, type TransactItem } from '../db/operations.js';
import { activeRedeemedLicenses, connectionRedeemedUpdate, readConnectionWith, type ConnectionItem, type RedeemedLicenseSummary } from '../entities/connection.js';
import { codeRedeemUpdate, licenseCodeIn, licenseCodeKey, type LicenseCodeItem } from '../entities/license-code.js';
import { licensePut, type LicenseItem } from '../entities/license.js';
import { readVariant, variantExistsCheck, variantIn, variantKey } from '../entities/variant.js';
import { connectionEventPut } from '../entities/event.js';
import { SignetError } from '../errors.js';
import { givingBackOnOurFault, reserveRedeemAttempt } from '../throttle/policies.js';
import { defaultExpiry } from './time.js';
import { codeState, normalizeCode } from './codes.js';
import { memberIn, memberKeys, type MemberCredentials, type MemberIdentity } from './member-session.js';
import { countMetric } from '../observability/metrics.js';
import { logger } from '../logger.js';

/** A connection holds at most this many ACTIVE redeemed licenses (they live on the connection item). */
export const maxRedeemedPerConnection = 100;

/** One body for an unknown code and another app's code: nothing tells them apart. */
const unknownCode = () => new SignetError('notFound', 'No such license code');
const codeUsed = () => new SignetError('conflict', 'This code has already been redeemed');
const codeExpired = () => new SignetError('conflict', 'This code has expired');
const variantGone = () => new SignetError('conflict', "This code's variant no longer exists");

/**
 * The app each hostname named at this container's last redemption: a guess that lets the
 * first read fetch the code too (its key needs the appId). The claim is read and checked
 * in the same BatchGetItem, so a stale guess costs one more read, never a wrong answer.
 */
const appOfHostname = new Map<string, string>();
const maxRememberedHostnames = 1000;

function rememberApp(hostname: string, appId: string): void {
  if (appOfHostname.size >= maxRememberedHostnames && !appOfHostname.has(hostname)) appOfHostname.clear();
  appOfHostname.set(hostname, appId);
}

/**
 * POST /api/user/licenses/redeem, in three waves on a warm container (docs/performance.md):
 * 1. one BatchGetItem of the session, the hostname claim and the code, in parallel with the
 *    two UpdateItems reserving one failure of the (user, source IP) pair and one of the
 *    source IP (lib/throttle, 429 when a window is full); the member is proven (memberIn)
 *    before anything read is looked at, and a caller who is not gets 401 and the
 *    reservations back;
 * 2. one BatchGetItem of the caller's connection and the code's variant;
 * 3. one transaction that makes the code ACTIVE for the connection and gives both
 *    reservations back (repository redemptionWrites).
 * A failed condition (another redemption won, the connection changed) reads again, so the
 * loser of a race answers 409 from what it then reads. Every failure of the caller keeps
 * the reservation; a fault of ours gives it back.
 */
export async function redeemCode(credentials: MemberCredentials, rawCode: string, sourceIp: string, at: Date): Promise<RedeemedLicenseSummary> {
  const normalizedCode = normalizeCode(rawCode);
  const guessedApp = appOfHostname.get(credentials.hostname);
  const guessedCodeKey = guessedApp && normalizedCode ? licenseCodeKey(guessedApp, normalizedCode) : undefined;
  const [read, reserved] = await Promise.allSettled([batchGet([...memberKeys(credentials), guessedCodeKey]), reserveRedeemAttempt(credentials.userId, sourceIp, at)]);
  const giveBackIfGranted = async () => {
    if (reserved.status === 'fulfilled') await reserved.value.giveBack().catch(() => undefined);
  };
  let member: MemberIdentity;
  try {
    if (read.status === 'rejected') throw read.reason;
    member = memberIn(read.value, credentials);
  } catch (error) {
    await giveBackIfGranted();
    throw error;
  }
  rememberApp(credentials.hostname, member.appId);
  if (reserved.status === 'rejected') throw reserved.reason;
  const attempt = reserved.value;
  const prefetched = guessedApp === member.appId && normalizedCode ? { code: licenseCodeIn(read.value, member.appId, normalizedCode) } : undefined;
  return givingBackOnOurFault(attempt, () => redeem(member, normalizedCode, prefetched, attempt.onSuccess, at)).catch((error: unknown) => {
    // counted per app too: the metric (alarm on a surge, infra/observability.ts) and a log line naming the app
    if (error instanceof SignetError && error.kind !== 'unavailable' && error.kind !== 'internal') {
      countMetric('FailedRedeems');
      logger.info('failed license-code redemption', { appId: member.appId, kind: error.kind });
    }
    throw error;
  });
}

function checkedCode(code: LicenseCodeItem | undefined, member: MemberIdentity, at: Date): LicenseCodeItem {
  if (!code || code.appId !== member.appId) throw unknownCode();
  const state = codeState(code, at);
  if (state === 'EXPIRED') throw codeExpired();
  if (state === 'ACTIVE') throw codeUsed();
  return code;
}

function checkedConnection(connection: ConnectionItem | undefined): ConnectionItem {
  if (!connection || connection.isActive !== true) throw new SignetError('unauthorized', 'A valid member session of this application is required');
  return connection;
}

async function redeem(
  member: MemberIdentity,
  normalizedCode: string | undefined,
  prefetched: { code: LicenseCodeItem | undefined } | undefined,
  alsoWrite: TransactItem[],
  at: Date,
): Promise<RedeemedLicenseSummary> {
  if (!normalizedCode) throw unknownCode();
  let known = prefetched;
  return runOptimistic({
    read: async () => {
      const first = known;
      known = undefined; // a retry reads everything again
      if (first) {
        const code = checkedCode(first.code, member, at);
        const { connection, found } = await readConnectionWith(member.appId, member.globalId, [variantKey(member.appId, code.variantId)]);
        const variant = variantIn(found, member.appId, code.variantId);
        const active = checkedConnection(connection);
        if (!variant) throw variantGone();
        return { code, connection: active, variant };
      }
      const { connection, found } = await readConnectionWith(member.appId, member.globalId, [licenseCodeKey(member.appId, normalizedCode)]);
      const code = checkedCode(licenseCodeIn(found, member.appId, normalizedCode), member, at);
      const active = checkedConnection(connection);
      const variant = await readVariant(member.appId, code.variantId);
      if (!variant) throw variantGone();
      return { code, connection: active, variant };
    },
    plan: ({ code, connection, variant }) => {
      const stillActive = activeRedeemedLicenses(connection, at);
      if (stillActive.length >= maxRedeemedPerConnection) {
        throw new SignetError('conflict', `A user holds at most ${maxRedeemedPerConnection} active redeemed licenses per application`);
      }
      const redeemedAt = at.toISOString();
      const expiresAt = code.expiresAt ?? defaultExpiry(variant.defaultDuration, at);
      const summary: RedeemedLicenseSummary = {
        licenseId: code.licenseId,
        code: code.code,
        variantId: variant.variantId,
        variantName: variant.name,
        expiresAt,
        redeemedAt,
      };
      const license: LicenseItem = {
        type: 'license',
        licenseId: code.licenseId,
        appId: member.appId,
        globalId: member.globalId,
        connectionId: connection.connectionId,
        variantId: variant.variantId,
        variantName: variant.name,
        code: code.code,
        status: variant.name,
        state: 'ACTIVE',
        duration: variant.defaultDuration,
        expiresAt,
        source: 'redeemed',
        normalizedCode,
        createdAt: redeemedAt,
        refreshedAt: null,
        endedAt: null,
        endReason: null,
      };
      // A failed condition (code taken, connection changed, variant deleted) reads again and decides from that.
      const redeemedLicenses = [...stillActive, summary];
      const event = connectionEventPut({ type: 'license.redeemed', connection, sequence: (connection.statusVersion ?? 0) + 1, before: connection, after: { ...connection, redeemedLicenses }, at });
      // The reservation's give-back (alsoWrite) rides in the same transaction: no wave of its own.
      return { items: [...redemptionWrites(code, connection, license, redeemedLicenses), event, ...alsoWrite], result: summary };
    },
  });
}

/**
 * The writes of one redemption, one TransactWriteItems: the code UNUSED -> ACTIVE (only
 * while still UNUSED and unexpired), the connection's redeemedLicenses (only while active
 * and at the statusVersion read, which it bumps, so status sync and deactivation re-read),
 * the license item (new), and a check that the variant still exists. Of concurrent
 * redemptions of one code exactly one commits.
 */
function redemptionWrites(code: LicenseCodeItem, connection: ConnectionItem, license: LicenseItem, redeemedLicenses: RedeemedLicenseSummary[]): TransactItem[] {
  return [
    codeRedeemUpdate(code, { globalId: connection.globalId, connectionId: connection.connectionId }, license.expiresAt, license.createdAt),
    connectionRedeemedUpdate(connection, redeemedLicenses),
    licensePut(license),
    variantExistsCheck(license.appId, license.variantId),
  ];
}
