import { call } from './client';
import type {
  CreatedApplication,
  CreatedSecret,
  GeneratedLicenseCodes,
  LicenseCodeImport,
  LicenseCodePage,
  LicenseDuration,
  LicenseState,
  LoginResults,
  PortalApplication,
  ReadinessReport,
  AlterUserResults,
  UsersPage,
  VariantView,
} from './types';

/** Every API call the portal makes, typed (docs/api.md, Sessions, §4, §7.4; license codes, issue 15). */
const app = (appId: string) => `/api/developer/applications/${encodeURIComponent(appId)}`;

export interface VariantInput {
  name: string;
  description: string | null;
  defaultDuration: LicenseDuration;
}

export interface ProfileFields {
  first_name?: string;
  last_name?: string;
}

export interface CodeFilter {
  state?: LicenseState;
  variantId?: string;
}

export interface GenerateCodesInput {
  variantId: string;
  count: number;
  expiresAt: string | null;
}

/**
 * Whether this browser signed in here: a hint, not a credential (the session is the HttpOnly
 * cookie, which script cannot read). Without it the portal shows the sign-in page without
 * probing the API, so a signed-out visit makes no request that answers 401 (a console error).
 */
export const signedInHint = {
  key: 'signet.signedIn',
  present: () => {
    try {
      return window.localStorage.getItem(signedInHint.key) === '1';
    } catch {
      return true; // storage refused: probe, as before
    }
  },
  set: () => {
    try {
      window.localStorage.setItem(signedInHint.key, '1');
    } catch {
      // storage refused: the portal probes on every visit instead
    }
  },
  clear: () => {
    try {
      window.localStorage.removeItem(signedInHint.key);
    } catch {
      // nothing stored
    }
  },
};

export const api = {
  signUp: (username: string, password: string) => call<unknown>('POST', '/auth/add-user', { body: { username, password } }),
  signIn: (username: string, password: string) =>
    call<{ results: LoginResults }>('POST', '/auth/login', { body: { username, password } }).then((body) => {
      signedInHint.set();
      return body.results;
    }),
  signOut: () => call<unknown>('DELETE', '/auth/logout').finally(() => signedInHint.clear()),
  requestPasswordReset: (username: string) => call<unknown>('POST', '/auth/request-password-reset', { body: { username } }),
  resetPassword: (token: string, password: string) =>
    call<{ results: { username: string | null } }>('POST', '/auth/reset-password', { body: { token, password } }).then((body) => body.results),
  changePassword: (currentPassword: string, newPassword: string) =>
    call<unknown>('POST', '/auth/change-password', { body: { current_password: currentPassword, new_password: newPassword } }),
  /** With no fields it changes nothing and answers the profile as it is. */
  alterUser: (fields: ProfileFields) => call<{ results: AlterUserResults }>('PUT', '/auth/alter-user', { body: fields }).then((body) => body.results),
  deleteAccount: (password: string) => call<unknown>('DELETE', '/auth/delete-user', { body: { password } }),
  updateApplication: (appId: string, patch: { name?: string; passwordResetUrl?: string | null }) =>
    call<{ application: PortalApplication }>('PATCH', app(appId), { body: patch }).then((body) => body.application),

  listApplications: () => call<{ applications: PortalApplication[] }>('GET', '/api/developer/applications').then((body) => body.applications),
  createApplication: (name: string, hostnames: string[]) => call<CreatedApplication>('POST', '/api/developer/applications', { body: { name, hostnames } }),
  getApplication: (appId: string) => call<{ application: PortalApplication }>('GET', app(appId)).then((body) => body.application),
  deleteApplication: (appId: string) => call<unknown>('DELETE', app(appId)),
  verifyHostname: (appId: string, hostname: string) =>
    call<{ application?: PortalApplication }>('POST', `${app(appId)}/hostnames/${encodeURIComponent(hostname)}/verify`),

  createSecret: (appId: string) => call<CreatedSecret>('POST', `${app(appId)}/client-secrets`),
  retireSecret: (appId: string, secretId: string) => call<unknown>('DELETE', `${app(appId)}/client-secrets/${encodeURIComponent(secretId)}`),

  listVariants: (appId: string) => call<{ variants: VariantView[] }>('GET', `${app(appId)}/licenses/variants`).then((body) => body.variants),
  createVariant: (appId: string, input: VariantInput) => call<{ variant: VariantView }>('POST', `${app(appId)}/licenses/variants`, { body: input }),
  updateVariant: (appId: string, variantId: string, input: VariantInput) =>
    call<{ variant: VariantView }>('PATCH', `${app(appId)}/licenses/variants/${encodeURIComponent(variantId)}`, { body: input }),
  deleteVariant: (appId: string, variantId: string) => call<unknown>('DELETE', `${app(appId)}/licenses/variants/${encodeURIComponent(variantId)}`),

  listCodes: (appId: string, filter: CodeFilter, limit: number, cursor?: string) =>
    call<LicenseCodePage>('GET', `${app(appId)}/licenses/codes`, { query: { ...filter, limit: String(limit), cursor } }),
  /** `idempotencyKey`: the same for every try of one batch, so a retry after a lost answer makes no second batch. */
  generateCodes: (appId: string, input: GenerateCodesInput, idempotencyKey: string) =>
    call<GeneratedLicenseCodes>('POST', `${app(appId)}/licenses/codes`, { body: input, headers: { 'Idempotency-Key': idempotencyKey } }),
  importCodes: (appId: string, variantId: string, csv: string) =>
    call<LicenseCodeImport>('POST', `${app(appId)}/licenses/codes/import`, { query: { variantId }, text: { body: csv, contentType: 'text/csv' } }),

  listUsers: (appId: string, limit: number, cursor?: string) =>
    call<UsersPage>('GET', `${app(appId)}/users`, { query: { limit: String(limit), cursor } }),
  deactivateUser: (appId: string, connectionId: string) => call<unknown>('DELETE', `${app(appId)}/users/${encodeURIComponent(connectionId)}`),

  readiness: (appId: string, which: 'status-sync' | 'current-logins') =>
    call<ReadinessReport>('POST', `${app(appId)}/${which === 'status-sync' ? 'status-sync-api' : 'current-logins-sync-api'}/test`),
};
