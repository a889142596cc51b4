/**
 * Response shapes of the API the portal calls, taken from the types `npm run openapi`
 * generates from docs/openapi.json (portal/src/api/generated/signet-api.ts). A server change that
 * breaks the portal fails `npm run typecheck` (which checks the portal too).
 */
import type { components } from './generated/signet-api';

type Schemas = components['schemas'];

export type ApplicationView = Schemas['ApplicationBody']['application'];
export type VariantView = Schemas['VariantBody']['variant'];
export type LicenseDuration = VariantView['defaultDuration'];
export type UsersPage = Schemas['ConnectedUsersPage'];
export type DeveloperConnectionView = UsersPage['users'][number];
export type ReadinessReport = Schemas['ReadinessReport'];
export type CurrentStatusBody = Schemas['CurrentStatus'];
export type CreatedSecret = Schemas['CreatedClientSecret'];
export type LoginResults = Schemas['LoginResponse']['results'];
export type AlterUserResults = Schemas['AlterUserResponse']['results'];
export type LicenseCodeView = Schemas['LicenseCodePage']['codes'][number];
export type LicenseCodePage = Schemas['LicenseCodePage'];
export type GeneratedLicenseCodes = Schemas['GeneratedLicenseCodes'];
export type LicenseCodeImport = Schemas['LicenseCodeImport'];
export type LicenseState = LicenseCodeView['state'];

export type HostnameStatusView = ApplicationView['hostnameStatus'][number];
export type PortalApplication = ApplicationView;
export type CreatedApplication = Schemas['CreatedApplication'];
