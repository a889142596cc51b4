import { randomUUID } from 'node:crypto';
import type { LicenseCodeItem } from '../db/items.js';
import { invalidRequest } from '../errors.js';
import { generateCode, normalizeCode } from './codes.js';
import { requireOwnedAppAndVariant } from './owned-variant.js';
import { putGeneratedCodes } from './repository.js';
import { readExpiresAt } from './schemas.js';

export interface GenerateCodesInput {
  variantId: string;
  count: number;
  expiresAt: string | null;
}

/**
 * POST .../licenses/codes: `count` new UNUSED codes of one of the caller's variants,
 * written in batches (lib/licenses/repository.ts putGeneratedCodes). A retry with the
 * same Idempotency-Key is answered by the handler factory's idempotency layer (API.md §7.2).
 */
export async function generateCodes(appId: string, ownerUserId: number, input: GenerateCodesInput, at: Date): Promise<LicenseCodeItem[]> {
  const expiresAt = readExpiresAt(input.expiresAt, at);
  if (expiresAt !== null && typeof expiresAt === 'object') throw invalidRequest([{ path: 'expiresAt', message: expiresAt.error }]);
  const variant = await requireOwnedAppAndVariant(appId, ownerUserId, input.variantId);
  const createdAt = at.toISOString();
  const codes = Array.from({ length: input.count }, (): LicenseCodeItem => {
    const code = generateCode();
    return {
      type: 'licenseCode',
      appId,
      licenseId: randomUUID(),
      code,
      normalizedCode: normalizeCode(code) ?? code,
      variantId: variant.variantId,
      origin: 'generated',
      state: 'UNUSED',
      expiresAt,
      createdAt,
      owner: null,
      redeemedAt: null,
      endedAt: null,
    };
  });
  await putGeneratedCodes(codes);
  return codes;
}
