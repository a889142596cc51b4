import type * as z from 'zod/mini';
import { redeemedLicenseView } from '../connections/views.js';
import type { RedeemedLicenseSummary } from '../entities/connection.js';
import type { LicenseCodeItem } from '../entities/license-code.js';
import { codeState } from './codes.js';
import type { codeViewSchema, newCodeViewSchema, redeemBodySchema } from './response-schemas.js';

/** Response shapes of the license-code routes, typed by their documented schemas (response-schemas.ts). */

export type CodeView = z.infer<typeof codeViewSchema>;
export type NewCodeView = z.infer<typeof newCodeViewSchema>;
export type RedeemAnswerLicense = z.infer<typeof redeemBodySchema>['license'];

export function codeView(code: LicenseCodeItem, at: Date): CodeView {
  return {
    licenseId: code.licenseId,
    code: code.code,
    state: codeState(code, at),
    variantId: code.variantId,
    owner: code.owner ?? null,
    expiresAt: code.expiresAt,
    redeemedAt: code.redeemedAt ?? null,
  };
}

/** A generated code as POST .../licenses/codes answers it. */
export function newCodeView(code: LicenseCodeItem): NewCodeView {
  return { licenseId: code.licenseId, code: code.code, state: 'UNUSED', variantId: code.variantId, expiresAt: code.expiresAt };
}

/** The license POST /api/user/licenses/redeem answers. */
export function redeemAnswerLicense(license: RedeemedLicenseSummary): RedeemAnswerLicense {
  const { redeemedAt: _redeemedAt, ...rest } = redeemedLicenseView(license);
  return rest;
}
