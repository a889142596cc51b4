import type { LicenseCodeItem, RedeemedLicenseSummary } from '../db/items.js';
import { codeState } from './codes.js';

/** Response shapes of the license-code routes. */

export interface CodeView {
  licenseId: string;
  code: string;
  state: string;
  variantId: string;
  owner: { globalId: string; connectionId: string } | null;
  expiresAt: string | null;
  redeemedAt: string | null;
}

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
export function newCodeView(code: LicenseCodeItem) {
  return { licenseId: code.licenseId, code: code.code, state: code.state, variantId: code.variantId, expiresAt: code.expiresAt };
}

/** A redeemed license as redeem, the status read and the developer user list show it. */
export function redeemedLicenseView(license: RedeemedLicenseSummary) {
  return {
    licenseId: license.licenseId,
    code: license.code,
    state: 'ACTIVE' as const,
    variant: { variantId: license.variantId, name: license.variantName },
    expiresAt: license.expiresAt,
    redeemedAt: license.redeemedAt,
  };
}
