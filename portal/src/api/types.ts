/**
 * Response shapes of the API the portal calls, taken from the types `npm run openapi`
 * generates from docs/openapi.json (lib/openapi/signet-api.ts). A server change that
 * breaks the portal fails `npm run typecheck` (which checks the portal too).
 */
import type { components } from '../../../lib/openapi/signet-api';

type Schemas = components['schemas'];

export type ApplicationView = Schemas['ApplicationBody']['application'];
export type ClientSecretView = ApplicationView['clientSecrets'][number];
export type VariantView = Schemas['VariantBody']['variant'];
export type LicenseDuration = VariantView['defaultDuration'];
export type UsersPage = Schemas['ConnectedUsersPage'];
export type DeveloperConnectionView = UsersPage['users'][number];
export type StatusView = DeveloperConnectionView['statuses'][number];
export type RedeemedLicenseView = DeveloperConnectionView['redeemed'][number];
export type ReadinessReport = Schemas['ReadinessReport'];
export type CurrentStatusBody = Schemas['CurrentStatus'];
export type CreatedSecret = Schemas['CreatedClientSecret'];
export type LoginResults = Schemas['LoginResponse']['results'];
export type LicenseCodeView = Schemas['LicenseCodePage']['codes'][number];
export type LicenseCodePage = Schemas['LicenseCodePage'];
export type GeneratedLicenseCodes = Schemas['GeneratedLicenseCodes'];
export type LicenseCodeImport = Schemas['LicenseCodeImport'];
export type LicenseState = LicenseCodeView['state'];

/**
 * §7.4 hostname verification ("trust", issue 12) is not in the document yet: the portal
 * reads it when present. Take it from the generated types once that branch lands.
 */
export interface HostnameStatusView {
  hostname: string;
  status: 'verified' | 'pending';
  record: { type: 'TXT'; name: string; value: string } | null;
}

export type PortalApplication = ApplicationView & { hostnameStatus?: HostnameStatusView[] };

export type CreatedApplication = Omit<Schemas['CreatedApplication'], 'application'> & { application: PortalApplication };
