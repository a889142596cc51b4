import { addUserResultsSchema, loginResultsSchema, loginStatusResultsSchema, logoutResultsSchema, spaazaOkSchema } from '../../../lib/auth/response-schemas.js';
import { loginSchema } from '../../../lib/auth/login-params.js';
import { addUserSchema } from '../../../lib/auth/add-user-params.js';
import { loginStatusSchema } from '../../../lib/auth/login-status-params.js';
import { sessionCookieName } from '../../../lib/auth/session-cookie.js';
import * as examples from '../examples.js';
import type { OperationDocs } from '../operation-doc.js';

/** One schema object for both methods of get-login-status (component names must name one schema). */
const loginStatusResponseSchema = spaazaOkSchema(loginStatusResultsSchema);

/** get-login-status's parameters, described once for the query string and the body of both methods. */
const loginStatusParameters = {
  username: 'The username (e-mail) of the user; mandatory if user_id is not passed.',
  user_id: 'The user id of the user; mandatory if username is not passed.',
  session_key: 'The session key of the session being checked.',
};

/** docs/api.md, Sessions: the Spaaza-style session endpoints. */
/** get-login-status by username: failed checks counted per source IP (issue 21). */
const sessionCheckThrottleNote =
  'Too many failed session checks by `username` from this address (`SESSION_CHECK_IP_FAILURE_LIMIT`, 100 per 15 minutes): an unknown username and a known one without a live session count alike. Checks by `user_id` are not counted. A backend that checks its users\' sessions may send its Basic credentials and the user\'s address in `X-Signet-Client-IP`: that address is counted, not the backend\'s.';

export const authOperations: OperationDocs = {
  'POST /auth/add-user': {
    operationId: 'addUser',
    summary: 'Register a user',
    description:
      'Registers a user. Unset optional fields read back as `null`; every user gets a unique `entity_code` of type `regular`. ' +
      '`gender` takes `M`, `F` or a word of the 1.4.10 vocabulary. A username that is taken (checked after validation) is a 409.',
    tag: 'Sessions',
    security: 'none',
    requestBody: {
      schema: addUserSchema,
      name: 'AddUserRequest',
      properties: {
        username: 'An e-mail address, unique case-insensitively.',
        password: 'At least 8 characters.',
        first_name: 'Optional; reads back as null when not sent.',
        last_name: 'Optional; reads back as null when not sent.',
      },
      required: true,
      form: true,
      examples: { profile: { summary: 'A user with a profile', value: examples.addUserRequest } },
    },
    responses: {
      200: {
        description: 'The new user.',
        schema: spaazaOkSchema(addUserResultsSchema),
        name: 'AddUserResponse',
        examples: { created: { summary: 'The new user', value: examples.addUserResponse } },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'usernameTaken'],
  },

  'POST /auth/login': {
    operationId: 'login',
    summary: 'Sign in (password or Facebook)',
    description:
      'With `X-Spaaza-MyPrice-App-Hostname`: a member session for that application, and the user\'s connection to it is ' +
      'created or reactivated. Without it: an admin session, also set as the `' +
      sessionCookieName +
      '` cookie for the developer portal. Login ends the user\'s other sessions of the same scope. ' +
      'Unknown username and wrong password give the same error. `auth_method=facebook` with `fb_access_token` signs in with Facebook. ' +
      'Repeated failures per (username, source IP) and per source IP are throttled (429 before any password is checked). ' +
      'An admin session needs the developer role when `DEVELOPER_SIGNUP=closed` (the deployed default): other accounts get 403 ' +
      '`developer_access_required` and no session. The cookie is set only for a login that sends `X-Signet-Portal` or is a ' +
      'same-origin browser request (login CSRF). A backend that proxies its users\' sign-in may send its Basic credentials and ' +
      'the user\'s address in `X-Signet-Client-IP`: the per-IP counters then count that address (docs/security.md).',
    tag: 'Sessions',
    security: 'none',
    hostnameHeader: 'optional',
    requestBody: {
      schema: loginSchema,
      name: 'LoginRequest',
      properties: {
        auth_method: '`password` (default) or `facebook`.',
        username: 'Required for a password login.',
        password: 'Required for a password login.',
        fb_access_token: 'Required for a Facebook login: a user access token, checked against the Graph API.',
        fb_access_token_expires: "Optional, Facebook login: the token's remaining lifetime in seconds.",
      },
      description: '`username` and `password` are required unless `auth_method` is `facebook`, which requires `fb_access_token`.',
      required: true,
      form: true,
      examples: {
        password: { summary: 'Password login', value: { username: 'test56767@cowcam.com', password: 'correct-horse-battery' } },
        facebook: {
          summary: 'Facebook login',
          value: { auth_method: 'facebook', fb_access_token: 'EAAGm0PX4ZCpsBA...', fb_access_token_expires: 3600 },
        },
      },
    },
    responses: {
      200: {
        description: 'A new session. An admin session also sets the admin-session cookie.',
        schema: spaazaOkSchema(loginResultsSchema),
        name: 'LoginResponse',
        examples: { session: { summary: 'A password session', value: examples.loginResponse } },
        headers: {
          'Set-Cookie': {
            description: `Admin sessions only: \`${sessionCookieName}=<user id>.<session key>; Max-Age=...; Path=/; HttpOnly; Secure; SameSite=Lax\`.`,
            schema: { type: 'string' },
          },
        },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'noMyPriceApp', 'loginFailed', 'invalidFacebookToken', 'loginThrottled', 'developerAccessRequired'],
  },

  'POST /auth/get-login-status': {
    operationId: 'getLoginStatus',
    summary: 'Check a session',
    description:
      'When supplied with a username (or user_id) and session key, checks whether there is a valid session for that user with ' +
      'a matching key. Parameters come from the body or the query string. A member session needs its application\'s ' +
      '`X-Spaaza-MyPrice-App-Hostname`; admin sessions are valid with or without it. A Facebook session adds the ' +
      '`user_facebook_*` fields. Before API version 1.4.10 `gender` is `M`, `F` or `O`. ' +
      'Signet adds `global_id` (the id the status routes take), and, only when the request sends ' +
      '`X-Signet-Include-Status: true`, `signet_status`: the member\'s current status in the session\'s application ' +
      '(`{ status, expiresAt }`, or null with none or for an admin session), at the cost of one more read.',
    tag: 'Sessions',
    security: 'none',
    hostnameHeader: 'optional',
    query: {
      schema: loginStatusSchema,
      descriptions: { ...loginStatusParameters, session_key: 'The session key of the session being checked (mandatory, here or in the body).' },
    },
    requestBody: {
      schema: loginStatusSchema,
      name: 'LoginStatusRequest',
      properties: loginStatusParameters,
      description: 'One of `username` and `user_id` is mandatory (both must match the session when both are sent).',
      required: false,
      form: true,
      examples: { byUserId: { summary: 'By user id', value: { user_id: 114521, session_key: examples.exampleSessionKey } } },
    },
    responses: {
      200: {
        description: 'The session is valid.',
        schema: loginStatusResponseSchema,
        name: 'LoginStatusResponse',
        examples: {
          password: { summary: 'A valid password session', value: examples.seedLoginStatus },
          facebook: { summary: 'A valid Facebook session', value: examples.seedFacebookLoginStatus },
          withStatus: { summary: 'A member session, asked with X-Signet-Include-Status: true', value: examples.loginStatusWithStatus },
        },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'noValidSession', 'noMyPriceApp', 'rateLimited'],
    errorNotes: {
      rateLimited: sessionCheckThrottleNote,
      noValidSession: 'No session, wrong key, expired, logged out, or a member session presented with another (or an unknown) hostname.',
      noMyPriceApp: 'A valid member session presented without the hostname header.',
    },
  },

  'GET /auth/get-login-status': {
    operationId: 'getLoginStatusByQuery',
    summary: 'Check a session with GET (Spaaza clients)',
    description:
      'The same check as POST /auth/get-login-status with its parameters in the query string, as Spaaza\'s official clients send it: ' +
      'the same function, answers and errors. A member session needs its application\'s hostname header.',
    tag: 'Sessions',
    security: 'none',
    hostnameHeader: 'optional',
    query: {
      schema: loginStatusSchema,
      descriptions: loginStatusParameters,
    },
    responses: {
      200: {
        description: 'The session is valid.',
        schema: loginStatusResponseSchema,
        name: 'LoginStatusResponse',
        examples: { password: { summary: 'A valid password session', value: examples.seedLoginStatus } },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'noValidSession', 'noMyPriceApp', 'rateLimited'],
    errorNotes: {
      rateLimited: sessionCheckThrottleNote,
      noValidSession: 'No session, wrong key, expired, logged out, or a member session presented with another (or an unknown) hostname.',
      noMyPriceApp: 'A valid member session presented without the hostname header, or the two hostname headers with different values.',
    },
  },

  'DELETE /auth/logout': {
    operationId: 'logout',
    summary: 'End a session',
    description:
      'Ends the session named by `X-Spaaza-Session-User-Id` and `X-Spaaza-Session-Key` (or the admin cookie, which is then cleared). ' +
      'No hostname header is needed.',
    tag: 'Sessions',
    security: 'session',
    responses: {
      200: {
        description: 'The session has ended.',
        schema: spaazaOkSchema(logoutResultsSchema),
        name: 'LogoutResponse',
        examples: { ended: { summary: 'Logged out', value: examples.logoutResponse } },
        headers: { 'Set-Cookie': { description: 'Clears the admin-session cookie when it was sent.', schema: { type: 'string' } } },
      },
    },
    errors: ['noValidSession'],
  },
};
