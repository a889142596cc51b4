/**
 * Response shapes of the API the portal calls (API.md §3, §4, §5, §7.4).
 * Hand-written until the OpenAPI types land; test/support/portal-types-match.ts
 * checks at compile time that they equal the server's view types (lib/*∕views.ts),
 * so a server change that breaks the portal fails `npm run typecheck`.
 */
export type LicenseDuration = 'MONTH' | 'YEAR' | 'LIFETIME';

export interface ClientSecretView {
  secretId: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** §7.4: present once hostname verification is deployed. */
export interface HostnameStatusView {
  hostname: string;
  status: 'verified' | 'pending';
  record: { type: 'TXT'; name: string; value: string } | null;
}

export interface ApplicationView {
  appId: string;
  name: string;
  hostnames: string[];
  hostnameStatus: HostnameStatusView[];
  createdAt: string;
  clientSecrets: ClientSecretView[];
}

export type PortalApplication = ApplicationView;

export interface VariantView {
  variantId: string;
  name: string;
  description: string | null;
  defaultDuration: LicenseDuration;
  createdAt: string;
}

export interface StatusView {
  status: string;
  variantId: string;
  variantName: string;
  licenseId: string;
  expiresAt: string | null;
}

export interface DeveloperConnectionView {
  id: string;
  globalId: string;
  name: string | null;
  email: string | null;
  active: boolean;
  sessions: number;
  lastSession: string | null;
  joined: string;
  statuses: StatusView[];
  redeemed: RedeemedLicenseView[];
}

export interface RedeemedLicenseView {
  licenseId: string;
  code: string;
  state: 'ACTIVE';
  variant: { variantId: string; name: string };
  expiresAt: string | null;
  redeemedAt: string;
}

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ReadinessReport {
  api: 'status-sync' | 'current-logins';
  ready: boolean;
  endpoint: { method: string; path: string; url: string; auth: 'basic'; clientId: string };
  checks: ReadinessCheck[];
}

export interface HistoryEntry {
  at: string;
  action: 'granted' | 'refreshed' | 'superseded' | 'revoked';
  status: string;
  licenseId: string;
  by: { clientId?: string; secretId?: string; userId?: number };
}

export interface CurrentStatusBody {
  ok: true;
  connectionId: string;
  globalId: string;
  status: string | null;
  license: { licenseId: string; code: string | null; duration: string | null; expiresAt: string | null } | null;
  history: HistoryEntry[];
}

export interface CreatedApplication {
  ok: true;
  application: PortalApplication;
  secretId: string;
  clientSecret: string;
}

export interface CreatedSecret {
  ok: true;
  secretId: string;
  clientSecret: string;
}

export interface UsersPage {
  ok: true;
  users: DeveloperConnectionView[];
  total: number;
  nextCursor: string | null;
}

export interface LoginResults {
  result_type: 'login';
  session_info: { session_user_id: number; session_username: string | null; session_expires_date: string };
}
