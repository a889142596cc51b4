import type { LicenseItem, RedeemedLicenseSummary } from '../db/items.js';
import { SignetError } from '../errors.js';
import { defaultExpiry } from '../status-sync/normalize.js';
import { activeRedeemedLicenses, codeState, normalizeCode } from './codes.js';
import type { MemberIdentity } from './member-session.js';
import { reserveRedeemSlot } from './redeem-throttle.js';
import { commitRedemption, readCodeAndConnection, readVariant } from './repository.js';

/** A connection holds at most this many ACTIVE redeemed licenses (they live on the connection item). */
export const maxRedeemedPerConnection = 100;
const maxAttempts = 5;

/** One body for an unknown code and another app's code: nothing tells them apart. */
const unknownCode = () => new SignetError('notFound', 'No such license code');
const codeUsed = () => new SignetError('conflict', 'This code has already been redeemed');
const codeExpired = () => new SignetError('conflict', 'This code has expired');

/**
 * POST /api/user/licenses/redeem. An attempt is reserved from the (user, source IP)
 * failure budget first (429 when spent); then the code and the caller's connection are
 * read (one BatchGetItem), the variant (one GetItem), and one transaction makes the code
 * ACTIVE for the connection (lib/licenses/repository.ts commitRedemption). Success (or a
 * fault of ours) gives the attempt back; every failure of the caller keeps it.
 */
export async function redeemCode(member: MemberIdentity, rawCode: string, sourceIp: string, at: Date): Promise<RedeemedLicenseSummary> {
  const attempt = await reserveRedeemSlot(member.userId, sourceIp, at);
  try {
    const redeemed = await redeemOnce(member, rawCode, at);
    await attempt.succeeded();
    return redeemed;
  } catch (error) {
    // Only the caller's failures count; a fault of ours (503, 500) gives the attempt back.
    const kind = error instanceof SignetError ? error.kind : 'internal';
    if (kind === 'unavailable' || kind === 'internal') await attempt.succeeded().catch(() => undefined);
    throw error;
  }
}

async function redeemOnce(member: MemberIdentity, rawCode: string, at: Date): Promise<RedeemedLicenseSummary> {
  const normalizedCode = normalizeCode(rawCode);
  if (!normalizedCode) throw unknownCode();
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const { code, connection } = await readCodeAndConnection(member.appId, normalizedCode, member.globalId);
    if (!code || code.appId !== member.appId) throw unknownCode();
    const state = codeState(code, at);
    if (state === 'EXPIRED') throw codeExpired();
    if (state === 'ACTIVE') throw codeUsed();
    if (!connection || connection.isActive !== true) throw new SignetError('unauthorized', 'A valid member session of this application is required');
    const variant = await readVariant(member.appId, code.variantId);
    if (!variant) throw new SignetError('conflict', "This code's variant no longer exists");
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
    const outcome = await commitRedemption({ code, connection, variant, license, redeemedLicenses: [...stillActive, summary], at });
    if (outcome === 'committed') return summary;
    if (outcome === 'variantGone') throw new SignetError('conflict', "This code's variant no longer exists");
    // The code or the connection changed since the read: read again and decide anew.
  }
  throw new SignetError('unavailable', 'The code is being redeemed concurrently; retry shortly');
}
