import { runOptimistic } from '../db/optimistic.js';
import type { TransactItem } from '../db/operations.js';
import { activeRedeemedLicenses, connectionRedeemedUpdate, readConnectionWith, type ConnectionItem, type RedeemedLicenseSummary } from '../entities/connection.js';
import { codeRedeemUpdate, licenseCodeIn, licenseCodeKey, type LicenseCodeItem } from '../entities/license-code.js';
import { licensePut, type LicenseItem } from '../entities/license.js';
import { variantExistsCheck } from '../entities/variant.js';
import { connectionEventPut } from '../entities/event.js';
import { SignetError } from '../errors.js';
import { givingBackOnOurFault, reserveRedeemAttempt } from '../throttle/policies.js';
import { defaultExpiry } from './time.js';
import { codeState, normalizeCode } from './codes.js';
import type { MemberIdentity } from './member-session.js';
import { getVariant } from '../variants/repository.js';
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
 * POST /api/user/licenses/redeem. One failure of the (user, source IP) pair is reserved
 * first (lib/throttle, 429 when the window is full); then the optimistic runner reads the
 * code and the caller's connection (one BatchGetItem) and the variant, and commits one
 * transaction that makes the code ACTIVE for the connection (repository redemptionWrites).
 * A failed condition (another redemption won, the connection changed) reads again, so
 * the loser of a race answers 409 from what it then reads. Success (or a fault of ours)
 * gives the reservation back; every failure of the caller keeps it.
 */
export async function redeemCode(member: MemberIdentity, rawCode: string, sourceIp: string, at: Date): Promise<RedeemedLicenseSummary> {
  const attempt = await reserveRedeemAttempt(member.userId, sourceIp, at);
  const redeemed = await givingBackOnOurFault(attempt, () => redeem(member, rawCode, at)).catch((error: unknown) => {
    // counted per app too: the metric (alarm on a surge, infra/observability.ts) and a log line naming the app
    if (error instanceof SignetError && error.kind !== 'unavailable' && error.kind !== 'internal') {
      countMetric('FailedRedeems');
      logger.info('failed license-code redemption', { appId: member.appId, kind: error.kind });
    }
    throw error;
  });
  await attempt.giveBack();
  return redeemed;
}

async function redeem(member: MemberIdentity, rawCode: string, at: Date): Promise<RedeemedLicenseSummary> {
  const normalizedCode = normalizeCode(rawCode);
  if (!normalizedCode) throw unknownCode();
  return runOptimistic({
    read: async () => {
      const { connection, found } = await readConnectionWith(member.appId, member.globalId, [licenseCodeKey(member.appId, normalizedCode)]);
      const code = licenseCodeIn(found, member.appId, normalizedCode);
      if (!code || code.appId !== member.appId) throw unknownCode();
      const state = codeState(code, at);
      if (state === 'EXPIRED') throw codeExpired();
      if (state === 'ACTIVE') throw codeUsed();
      if (!connection || connection.isActive !== true) throw new SignetError('unauthorized', 'A valid member session of this application is required');
      const variant = await getVariant(member.appId, code.variantId);
      if (!variant) throw variantGone();
      return { code, connection, variant };
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
      return { items: [...redemptionWrites(code, connection, license, redeemedLicenses), event], result: summary };
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
