import { randomBytes } from 'node:crypto';
import { putCodes, readExistingCodes, type LicenseCodeItem } from '../entities/license-code.js';
import { variantExistsCheck } from '../entities/variant.js';
import { runOptimistic } from '../db/optimistic.js';
import { invalidRequest } from '../errors.js';
import { variantNotFound } from '../variants/load-owned.js';
import { normalizeCode, seededCode, seededLicenseId } from './codes.js';
import { requireOwnedAppAndVariant } from './owned-variant.js';
import { readExpiresAt } from './schemas.js';

export interface GenerateCodesInput {
  variantId: string;
  count: number;
  expiresAt: string | null;
}

/** What fixes a batch: its codes and license ids derive from the seed (lib/licenses/codes.ts). */
interface Batch {
  seed: string;
  createdAt: string;
}

/**
 * POST .../licenses/codes: `count` new UNUSED codes of one of the caller's variants.
 * One small transaction first fixes the batch (a check that the variant exists; in a
 * request with an Idempotency-Key it also stores the batch's seed in the key's record,
 * lib/db/operations.ts transact), then the codes are written in batches (putAll). A
 * retry with the same key is answered from the stored answer (docs/architecture.md, Idempotency keys); one whose
 * earlier attempt fixed its batch but lost its answer (a 503, or an answer too large to
 * store) derives the same codes from the same seed and writes only those missing, never
 * overwriting one redeemed meanwhile: either way no second batch.
 */
export async function generateCodes(appId: string, ownerUserId: number, input: GenerateCodesInput, at: Date): Promise<LicenseCodeItem[]> {
  const expiresAt = readExpiresAt(input.expiresAt, at);
  if (expiresAt !== null && typeof expiresAt === 'object') throw invalidRequest([{ path: 'expiresAt', message: expiresAt.error }]);
  const variant = await requireOwnedAppAndVariant(appId, ownerUserId, input.variantId);
  const proposed: Batch = { seed: randomBytes(32).toString('hex'), createdAt: at.toISOString() };
  const batch = await runOptimistic({
    read: async () => variant,
    plan: () => ({
      items: [variantExistsCheck(appId, variant.variantId)],
      result: proposed,
      onConditionFailed: () => {
        throw variantNotFound();
      },
    }),
  });
  const codes = Array.from({ length: input.count }, (_, index): LicenseCodeItem => {
    const code = seededCode(batch.seed, index);
    return {
      type: 'licenseCode',
      appId,
      licenseId: seededLicenseId(batch.seed, index),
      code,
      normalizedCode: normalizeCode(code) ?? code,
      variantId: variant.variantId,
      origin: 'generated',
      state: 'UNUSED',
      expiresAt,
      createdAt: batch.createdAt,
      owner: null,
      redeemedAt: null,
      endedAt: null,
    };
  });
  await (batch.seed === proposed.seed ? putCodes(codes) : putMissingCodes(codes));
  return codes;
}

/**
 * A retried generation: writes only the codes its earlier attempt did not, so a code
 * redeemed meanwhile is never put back to UNUSED (one BatchGetItem per 100 codes).
 */
async function putMissingCodes(codes: LicenseCodeItem[]): Promise<void> {
  const parts = Array.from({ length: Math.ceil(codes.length / 100) }, (_, part) => codes.slice(part * 100, part * 100 + 100));
  const existing = await Promise.all(parts.map(readExistingCodes));
  await putCodes(codes.filter((code) => !existing.some((found) => found.has(code.normalizedCode))));
}
