/**
 * Examples in the document. The Spaaza-side ones are taken from seed 004
 * (get-login-status) and the status-sync ones from seed 000; the others follow
 * the contract as docs/api.md gives it. test/openapi-document.test.ts checks every example against its schema.
 */

const sessionKey = '9f2c4e1a7b3d5f608e1c2a4b6d8f0e2c4a6b8d0f1e3c5a7b9d1f3e5c7a9b1d3f';

/** Seed 004, first example: a password session (API version 1.4.0 answers gender as M/F/O). */
export const seedUserFields = {
  id: 114521,
  user_id: 114521,
  first_name: 'Sam',
  last_name: 'test56767',
  gender: 'M',
  birthday: '1982-05-21',
  username: 'test56767@cowcam.com',
  mailing_list: {
    mailing_list_sub_offered: false,
    mailing_list_subscribed: false,
    printed_mailing_list_subscribed: false,
  },
  entity_code: { type: 'custom', code: '3021879' },
};

const ok = { code: 1, status: 'ok' };

/** Seed 004's answer, with Signet's additive `global_id` (before `result_type`). */
export const seedLoginStatus = { result: ok, results: { ...seedUserFields, global_id: 'SM4521', result_type: 'get-login-status' } };

/** Asked with `X-Signet-Include-Status: true`: the member's current status in the app. */
export const loginStatusWithStatus = {
  result: ok,
  results: { ...seedUserFields, global_id: 'SM4521', signet_status: { status: 'PRO', expiresAt: '2027-01-21T10:00:00.000Z' }, result_type: 'get-login-status' },
};

/** Seed 004, second example: a Facebook session (the seed elides the profile fields; they are filled in here). */
export const seedFacebookLoginStatus = {
  result: ok,
  results: {
    id: 68076,
    user_id: 68076,
    first_name: 'Sam',
    last_name: 'test56767',
    gender: 'M',
    birthday: null,
    username: null,
    user_facebook_id: '100005264048981',
    user_facebook_access_token:
      'AAADPxlzKZBy8BACux13ZCpass309BuPZA9tFpcVvZCP0zdzBlbyqTXwPnl7YpIbMLgqfoktUcaD4ZAOO1VS128bSx2tvuxDEgKCwjHxR6PkZCOCZAGLD7x7',
    user_facebook_access_token_expires: 3600,
    user_facebook_access_token_expires_timestamp_utc: '2017-03-08 00:14:40',
    mailing_list: {
      mailing_list_sub_offered: false,
      mailing_list_subscribed: false,
      printed_mailing_list_subscribed: false,
    },
    entity_code: { type: 'custom', code: '3024075' },
    global_id: 'SM8076',
    result_type: 'get-login-status',
  },
};

const userInfo = { ...seedUserFields, global_id: 'SM4521' };

export const addUserRequest = {
  username: 'test56767@cowcam.com',
  password: 'correct-horse-battery',
  first_name: 'Sam',
  last_name: 'test56767',
  gender: 'M',
  birthday: '1982-05-21',
};

export const addUserResponse = { result: ok, results: { result_type: 'add-user', user_info: userInfo } };

export const loginResponse = {
  result: ok,
  results: {
    result_type: 'login',
    session_info: {
      session_key: sessionKey,
      session_key_validity: '336',
      session_auth_method: 'password',
      session_user_id: 114521,
      session_username: 'test56767@cowcam.com',
      session_expires_date: '2026-12-05 11:19:10',
    },
    user_info: userInfo,
  },
};

export const logoutResponse = { result: ok, results: { result_type: 'logout', username: 'test56767@cowcam.com' } };

export const exampleSessionKey = sessionKey;

// ---- developer API ----

const createdAt = '2026-11-21T10:00:00.000Z';
export const exampleAppId = 'app_3kt9xq2mw7hv5bnc8dpr';
const secret = { secretId: 'sec_8fj2k0pq4mzr6tyv', createdAt, lastUsedAt: null };
export const exampleApplication = {
  appId: exampleAppId,
  name: 'MyPrice shop',
  hostnames: ['shop.example.com'],
  hostnameStatus: [{ hostname: 'shop.example.com', status: 'verified', record: null }],
  passwordResetUrl: null,
  createdAt,
  clientSecrets: [secret],
};

export const createApplicationRequest = { name: 'MyPrice shop', hostnames: ['shop.example.com'] };

/** An application whose second hostname waits for its DNS TXT record (docs/security.md, Hostname ownership). */
export const applicationWithPendingHostname = {
  ...exampleApplication,
  hostnames: ['shop.example.com', 'shop.acme.com'],
  hostnameStatus: [
    { hostname: 'shop.example.com', status: 'verified', record: null },
    { hostname: 'shop.acme.com', status: 'pending', record: { type: 'TXT', name: '_signet-challenge.shop.acme.com', value: 'signet-verify=3q2Xh1Zr8PbF0mT5' } },
  ],
};
export const createApplicationResponse = {
  ok: true,
  application: exampleApplication,
  secretId: secret.secretId,
  clientSecret: 'signet_cs_9DFaNhQdpdD4KApyIUNlO4c9bePhcKt8I7BR44At9Lk',
};

export const exampleVariant = {
  variantId: 'var_2hq7m9xc1kr4tbv8',
  name: 'Premium',
  description: 'Everything, billed yearly',
  defaultDuration: 'YEAR',
  createdAt,
};

export const exampleConnectedUser = {
  id: '3f6c1e2a-8b4d-4c7e-9a15-2d8e6f0b7c91',
  globalId: 'SM4521',
  name: 'Sam test56767',
  email: 'test56767@cowcam.com',
  active: true,
  sessions: 3,
  lastSession: '2026-11-30T08:15:00.000Z',
  joined: createdAt,
  statuses: [
    { status: 'PREMIUM', variantId: 'var_2hq7m9xc1kr4tbv8', variantName: 'Premium', licenseId: '9b2e7d41-5c3a-4f86-b0d2-7e1a4c9f3b58', expiresAt: '2027-11-21T10:00:00.000Z' },
  ],
  redeemed: [],
};

export const readinessReport = {
  ok: true,
  api: 'status-sync',
  ready: true,
  endpoint: {
    method: 'PATCH',
    path: '/api/applications/:appId/users/:globalId/status',
    url: `https://api.example.com/api/applications/${exampleAppId}/users/{globalId}/status`,
    auth: 'basic',
    clientId: exampleAppId,
  },
  checks: [
    { name: 'client_secret', ok: true, detail: '1 active client secret' },
    { name: 'active_connection', ok: true, detail: 'At least one user has an active connection to this application' },
    {
      name: 'route_deployed',
      ok: true,
      detail: 'PATCH /api/applications/{appId}/users/{globalId}/status is deployed and served by app-update-user-status',
    },
  ],
};

// ---- app backend API (seed 000) ----

export const grantRequestSeed = { status: 'PREMIUM', variantName: 'Premium', duration: 'YEAR' };
export const grantRequestFetchExample = { status: 'PRO', variantName: 'Pro', duration: 'MONTH' };
export const revokeRequest = { revoke: true };
export const revokeByStatusRequest = { status: 'FREE' };

export const grantedResponse = {
  ok: true,
  action: 'granted',
  connectionId: '3f6c1e2a-8b4d-4c7e-9a15-2d8e6f0b7c91',
  globalId: 'SM4521',
  status: 'PREMIUM',
  variant: { variantId: 'var_2hq7m9xc1kr4tbv8', name: 'Premium', defaultDuration: 'YEAR', created: false },
  license: {
    licenseId: '9b2e7d41-5c3a-4f86-b0d2-7e1a4c9f3b58',
    code: 'K7QF-2M9X-TR4W',
    state: 'ACTIVE',
    duration: 'YEAR',
    expiresAt: '2027-11-21T10:00:00.000Z',
    reused: false,
  },
  supersededLicenseIds: [],
};

export const revokedResponse = {
  ok: true,
  action: 'revoked',
  connectionId: '3f6c1e2a-8b4d-4c7e-9a15-2d8e6f0b7c91',
  globalId: 'SM4521',
  revokedLicenseIds: ['9b2e7d41-5c3a-4f86-b0d2-7e1a4c9f3b58'],
};

export const unchangedResponse = { ok: true, action: 'unchanged', connectionId: '3f6c1e2a-8b4d-4c7e-9a15-2d8e6f0b7c91', globalId: 'SM4521' };

export const currentStatusResponse = {
  ok: true,
  connectionId: '3f6c1e2a-8b4d-4c7e-9a15-2d8e6f0b7c91',
  globalId: 'SM4521',
  status: 'PREMIUM',
  license: {
    licenseId: '9b2e7d41-5c3a-4f86-b0d2-7e1a4c9f3b58',
    code: 'K7QF-2M9X-TR4W',
    state: 'ACTIVE',
    duration: 'YEAR',
    expiresAt: '2027-11-21T10:00:00.000Z',
    activatedAt: createdAt,
    variant: { variantId: 'var_2hq7m9xc1kr4tbv8', name: 'Premium' },
  },
  history: [
    { at: createdAt, action: 'granted', status: 'PREMIUM', licenseId: '9b2e7d41-5c3a-4f86-b0d2-7e1a4c9f3b58', by: { clientId: exampleAppId, secretId: 'sec_8fj2k0pq4mzr6tyv' } },
  ],
  redeemed: [
    {
      licenseId: 'c4a18e6f-2d7b-4e93-8f05-6b3d9a1e2c74',
      code: 'GIFT-7HQ2-M9XK-4V8P',
      state: 'ACTIVE',
      variant: { variantId: 'var_6bn3jr8ks2pw5zd0', name: 'Gift month' },
      expiresAt: '2026-12-21T10:00:00.000Z',
      redeemedAt: '2026-11-21T10:00:00.000Z',
    },
  ],
};

export const currentLoginsResponse = {
  ok: true,
  users: [
    {
      globalId: 'SM4521',
      email: 'test56767@cowcam.com',
      aliasEmail: null,
      displayName: 'Sam test56767',
      loginCount: 3,
      lastSession: '2026-11-30T08:15:00.000Z',
      joinedAt: createdAt,
      isActive: true,
    },
  ],
  total: 1,
  nextCursor: null,
};
