import {
  alterUserResultsSchema,
  changePasswordResultsSchema,
  deleteUserResultsSchema,
  requestPasswordResetResultsSchema,
  resetPasswordResultsSchema,
} from '../../../lib/account/response-schemas.js';
import { alterUserSchema, changePasswordSchema, deleteUserSchema, requestPasswordResetSchema, resetPasswordSchema } from '../../../lib/account/params.js';
import { applicationBodySchema } from '../../../lib/applications/response-schemas.js';
import { applicationPatchSchema } from '../../../lib/applications/update-application.js';
import { spaazaOkSchema } from '../../../lib/auth/response-schemas.js';
import * as examples from '../examples.js';
import type { OperationDoc, OperationDocs } from '../operation-doc.js';

/** docs/api.md, account lifecycle: the account lifecycle. Spaaza's own paths are aliases documented with the same entries. */
const ok = (results: Record<string, unknown>) => ({ result: { code: 1, status: 'ok' }, results });

const requestReset: OperationDoc = {
  operationId: 'requestPasswordReset',
  summary: 'Mail a password-reset link',
  description:
    'Always answers the same 200, whether or not the account exists (no enumeration), after the same work. When it exists, ' +
    'a mail with a single-use link goes to the username: with `X-Spaaza-MyPrice-App-Hostname` the link is the application\'s ' +
    '`passwordResetUrl` (`{token}` replaced), otherwise (or when the app has none) the portal\'s reset page ' +
    '(`<portal>/#/reset-password?token=...`). The token is 32 random bytes (base64url), valid `PASSWORD_RESET_TTL_SECONDS` ' +
    '(1800), and supersedes any earlier one. At most 3 mails per username and 20 requests per source IP per hour: past ' +
    'either, the same 200 and no mail. A backend that proxies its users\' resets may send its Basic credentials and the ' +
    'user\'s address in `X-Signet-Client-IP`: the per-IP counter then counts that address, not the backend\'s.',
  tag: 'Sessions',
  security: 'none',
  hostnameHeader: 'optional',
  requestBody: {
    schema: requestPasswordResetSchema,
    name: 'RequestPasswordResetRequest',
    properties: { username: 'The username (e-mail) of the account.' },
    required: true,
    form: true,
    examples: { reset: { summary: 'Ask for a reset', value: { username: 'test56767@cowcam.com' } } },
  },
  responses: {
    200: {
      description: 'Always this answer.',
      schema: spaazaOkSchema(requestPasswordResetResultsSchema),
      name: 'RequestPasswordResetResponse',
      examples: { requested: { summary: 'Requested', value: ok({ result_type: 'request-password-reset' }) } },
    },
  },
  errors: ['missingParameter', 'invalidParameter', 'noMyPriceApp'],
};

const alterUser: OperationDoc = {
  operationId: 'alterUser',
  summary: "Change the session's own profile",
  description:
    'Changes only the fields sent (an empty value clears one), with add-user\'s validation, and answers like ' +
    'get-login-status (`result_type` `alter-user`). Applications see a changed name in their user lists after the ' +
    "user's next login to them.",
  tag: 'Sessions',
  security: 'session',
  requestBody: {
    schema: alterUserSchema,
    name: 'AlterUserRequest',
    properties: { first_name: 'Optional; empty clears it.', last_name: 'Optional; empty clears it.' },
    required: false,
    form: true,
    examples: { rename: { summary: 'A new last name', value: { last_name: 'Jansen' } } },
  },
  responses: {
    200: {
      description: 'The profile as it now is.',
      schema: spaazaOkSchema(alterUserResultsSchema),
      name: 'AlterUserResponse',
      examples: { altered: { summary: 'Altered', value: { ...examples.seedLoginStatus, results: { ...examples.seedLoginStatus.results, result_type: 'alter-user' } } } },
    },
  },
  errors: ['missingParameter', 'invalidParameter', 'noValidSession'],
};

const deleteUser: OperationDoc = {
  operationId: 'deleteUser',
  summary: 'Delete the account',
  description:
    'Confirmed by `password` (a Facebook account: a fresh `fb_access_token` of the same Facebook user). Erases the name, ' +
    'e-mail, gender, birthday, Facebook id and password hash; the username is free again; every session ends; every ' +
    'connection is deactivated as the developer\'s DELETE does (ACTIVE licenses end, `revoked` history entries by the user). ' +
    '`globalId`, `userId`, counts and history stay (pseudonymous). A wrong password counts as a failed login. An owner of ' +
    'applications gets 409 `owns_applications` until they are deleted.',
  tag: 'Sessions',
  security: 'session',
  requestBody: {
    schema: deleteUserSchema,
    name: 'DeleteUserRequest',
    properties: { password: 'The account\'s password.', fb_access_token: 'A Facebook account: a fresh user access token.' },
    required: true,
    form: true,
    examples: { password: { summary: 'Confirmed by the password', value: { password: 'correct-horse-battery' } } },
  },
  responses: {
    200: {
      description: 'The account is erased.',
      schema: spaazaOkSchema(deleteUserResultsSchema),
      name: 'DeleteUserResponse',
      examples: { deleted: { summary: 'Deleted', value: ok({ result_type: 'delete-user' }) } },
    },
  },
  errors: ['missingParameter', 'invalidParameter', 'noValidSession', 'wrongPassword', 'loginThrottled', 'invalidFacebookToken', 'ownsApplications'],
};

const alias = (doc: OperationDoc, operationId: string): OperationDoc => ({
  ...doc,
  operationId,
  summary: `${doc.summary} (Spaaza's path)`,
  description: `Spaaza's own path of the same route; the same function, answers and errors.\n\n${doc.description}`,
});

export const accountOperations: OperationDocs = {
  'POST /auth/request-password-reset': requestReset,
  'POST /internal/request-password-reset': alias(requestReset, 'requestPasswordResetSpaaza'),

  'POST /auth/reset-password': {
    operationId: 'resetPassword',
    summary: 'Set a new password with a mailed token',
    description:
      "The token from the reset mail and a new password (add-user's rules). The token is consumed atomically (of two " +
      'parallel uses exactly one succeeds), and every session of the user, every scope, ends. An unknown, used, expired or ' +
      'superseded token: 400 `invalid_reset_token`, the same body for each.',
    tag: 'Sessions',
    security: 'none',
    requestBody: {
      schema: resetPasswordSchema,
      name: 'ResetPasswordRequest',
      properties: { token: 'The token of the reset link.', password: 'At least 8 characters.' },
      required: true,
      form: true,
      examples: { reset: { summary: 'A new password', value: { token: 'Jq3m4cP0uJx3u0Yz2f9m5qK7yV1bT8wR6nL2dH4sA0e', password: 'a new long password' } } },
    },
    responses: {
      200: {
        description: 'The password is changed; every session has ended.',
        schema: spaazaOkSchema(resetPasswordResultsSchema),
        name: 'ResetPasswordResponse',
        examples: { reset: { summary: 'Reset', value: ok({ result_type: 'reset-password', username: 'test56767@cowcam.com' }) } },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'invalidResetToken'],
  },

  'POST /auth/change-password': {
    operationId: 'changePassword',
    summary: 'Change the password',
    description:
      'With the session headers: `current_password` and `new_password` (add-user\'s rules). Every *other* session of the user ' +
      'ends. A wrong current password is 403 `wrong_password` and counts as a failed login (429 `login_throttled` past the login limit).',
    tag: 'Sessions',
    security: 'session',
    requestBody: {
      schema: changePasswordSchema,
      name: 'ChangePasswordRequest',
      properties: { current_password: 'The password now.', new_password: 'At least 8 characters.' },
      required: true,
      form: true,
      examples: { change: { summary: 'Change', value: { current_password: 'correct-horse-battery', new_password: 'battery-staple-horse' } } },
    },
    responses: {
      200: {
        description: 'Changed; other sessions have ended.',
        schema: spaazaOkSchema(changePasswordResultsSchema),
        name: 'ChangePasswordResponse',
        examples: { changed: { summary: 'Changed', value: ok({ result_type: 'change-password' }) } },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'noValidSession', 'wrongPassword', 'loginThrottled'],
  },

  'PUT /auth/alter-user': alterUser,
  'PUT /internal/alter-user': alias(alterUser, 'alterUserSpaaza'),
  'DELETE /auth/delete-user': deleteUser,
  'DELETE /delete-user': alias(deleteUser, 'deleteUserSpaaza'),

  'PATCH /api/developer/applications/{appId}': {
    operationId: 'updateApplication',
    summary: 'Rename an application or set its password-reset URL',
    description:
      'Send `name` and/or `passwordResetUrl`. `passwordResetUrl` is an `https` URL containing `{token}`, where member ' +
      'password-reset mails link (the token replaces `{token}`); `null` removes it (mails then link to the portal).',
    tag: 'Developer',
    security: 'adminSession',
    requestBody: {
      schema: applicationPatchSchema,
      name: 'ApplicationPatch',
      required: true,
      examples: { resetUrl: { summary: 'Reset links into the app', value: { passwordResetUrl: 'https://shop.example.com/reset-password?token={token}' } } },
    },
    responses: {
      200: {
        description: 'The updated application.',
        schema: applicationBodySchema,
        name: 'ApplicationBody',
        examples: {
          app: { summary: 'With a reset URL', value: { ok: true, application: { ...examples.exampleApplication, passwordResetUrl: 'https://shop.example.com/reset-password?token={token}' } } },
        },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'notFound'],
  },
};
