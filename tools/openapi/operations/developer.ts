import {
  applicationBodySchema,
  applicationListBodySchema,
  createdApplicationBodySchema,
  createdClientSecretBodySchema,
  readinessBodySchema,
  retiredClientSecretBodySchema,
} from '../../../lib/applications/response-schemas.js';
import { newApplicationSchema } from '../../../lib/applications/schemas.js';
import { connectionPageQuerySchema } from '../../../lib/connections/page-query.js';
import { connectedUsersPageSchema, deactivatedConnectionBodySchema } from '../../../lib/connections/response-schemas.js';
import * as z from 'zod/mini';
import { variantViewSchema } from '../../../lib/variants/response-schemas.js';
import { newVariantSchema, variantPatchSchema } from '../../../lib/variants/schemas.js';
import { invitationSchema } from '../../../lib/developers/invite.js';
import * as examples from '../examples.js';
import type { OperationDocs } from '../operation-doc.js';

/** docs/api.md, Developer: the developer API, authenticated by an admin session. */

const developerApp = '/api/developer/applications/{appId}';

const variantBodySchema = z.object({ ok: z.literal(true), variant: variantViewSchema });
const variantListBodySchema = z.object({ ok: z.literal(true), variants: z.array(variantViewSchema) });
const deletedVariantBodySchema = z.object({ ok: z.literal(true), variantId: z.string(), deleted: z.literal(true) });

const pageQuery = {
  schema: connectionPageQuerySchema,
  descriptions: {
    limit: 'Page size, an integer from 1 to 1000 (default 100).',
    cursor: 'The opaque `nextCursor` of the previous page.',
  },
};

const readiness = (api: string, route: string) => ({
  description: `The readiness report of ${route}; \`ready\` is true only when every check passes. 200 either way.`,
  schema: readinessBodySchema,
  name: 'ReadinessReport',
  examples: api === 'status-sync' ? { ready: { summary: 'Ready', value: examples.readinessReport } } : undefined,
});

export const developerOperations: OperationDocs = {
  'POST /api/developer/applications': {
    operationId: 'createApplication',
    summary: 'Create an application',
    description:
      'An application with its hostnames and its first client secret. The secret is shown only in this answer. ' +
      'A hostname that already names another application is a 409.',
    tag: 'Developer',
    security: 'adminSession',
    requestBody: {
      schema: newApplicationSchema,
      name: 'NewApplication',
      required: true,
      examples: { shop: { summary: 'One hostname', value: examples.createApplicationRequest } },
    },
    responses: {
      201: {
        description: 'The application, its first secret id and the secret (shown once).',
        schema: createdApplicationBodySchema,
        name: 'CreatedApplication',
        examples: { created: { summary: 'Created', value: examples.createApplicationResponse } },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'conflict'],
  },

  'GET /api/developer/applications': {
    operationId: 'listApplications',
    summary: "List the caller's applications",
    description: 'Every application the caller owns, oldest first.',
    tag: 'Developer',
    security: 'adminSession',
    responses: {
      200: {
        description: 'The applications.',
        schema: applicationListBodySchema,
        name: 'ApplicationList',
        examples: { one: { summary: 'One application', value: { ok: true, applications: [examples.exampleApplication] } } },
      },
    },
    errors: [],
  },

  [`GET ${developerApp}`]: {
    operationId: 'getApplication',
    summary: 'Read an application',
    description: 'The application with its client secrets\' ids and dates (never a secret or its hash).',
    tag: 'Developer',
    security: 'adminSession',
    responses: {
      200: {
        description: 'The application.',
        schema: applicationBodySchema,
        name: 'ApplicationBody',
        examples: {
          app: { summary: 'An application', value: { ok: true, application: examples.exampleApplication } },
          pending: { summary: 'A hostname waiting for its TXT record', value: { ok: true, application: examples.applicationWithPendingHostname } },
        },
      },
    },
    errors: ['notFound'],
  },

  [`DELETE ${developerApp}`]: {
    operationId: 'deleteApplication',
    summary: 'Delete an application',
    description:
      'Deletes the application: its client secrets stop working (within the credential cache TTL), its member sessions ' +
      'are no longer valid, its verified hostnames are released, and every route answers 404 for it afterwards.',
    tag: 'Developer',
    security: 'adminSession',
    responses: {
      200: {
        description: 'Deleted.',
        schema: z.object({ ok: z.literal(true) }),
        name: 'DeletedApplication',
        examples: { deleted: { summary: 'Deleted', value: { ok: true } } },
      },
    },
    errors: ['notFound'],
  },

  [`POST ${developerApp}/hostnames/{hostname}/verify`]: {
    operationId: 'verifyHostname',
    summary: "Verify a hostname's DNS TXT record",
    description:
      'A pending hostname is verified when `_signet-challenge.<hostname>` carries the TXT value the application shows in `hostnameStatus` (`record.name` and `record.value` of the hostname\'s entry). ' +
      'Only verified hostnames name an application at login and get-login-status; the first application to verify a hostname wins. ' +
      'An already verified hostname answers the application unchanged.',
    tag: 'Developer',
    security: 'adminSession',
    responses: {
      200: {
        description: 'The application, with the hostname verified.',
        schema: applicationBodySchema,
        name: 'ApplicationBody',
        examples: { verified: { summary: 'Verified', value: { ok: true, application: examples.exampleApplication } } },
      },
    },
    errors: ['invalidParameter', 'notFound', 'conflict', 'hostnameNotVerified'],
    errorNotes: {
      invalidParameter: 'The hostname cannot be looked up in DNS at all (its challenge name would be too long or malformed).',
      notFound: 'No such application of the caller, or the application has no such hostname.',
      conflict: 'The hostname is already verified for another application.',
      hostnameNotVerified: 'The TXT record is not (yet) published with the application\'s value; publish it and try again.',
    },
  },

  'POST /api/developer/invitations': {
    operationId: 'inviteDeveloper',
    summary: 'Invite a developer',
    description:
      'Grants an existing account the developer role. With `DEVELOPER_SIGNUP=closed` (the deployed default) only such accounts ' +
      'may open admin sessions (a login without a hostname); others get 403 `developer_access_required`.',
    tag: 'Developer',
    security: 'adminSession',
    requestBody: { schema: invitationSchema, name: 'DeveloperInvitation', required: true },
    responses: {
      201: {
        description: 'The account has the developer role.',
        schema: z.object({ ok: z.literal(true), userId: z.number(), username: z.string(), developer: z.literal(true) }),
        name: 'InvitedDeveloper',
      },
    },
    errors: ['invalidParameter', 'notFound'],
  },

  [`POST ${developerApp}/client-secrets`]: {
    operationId: 'createClientSecret',
    summary: 'Add a client secret',
    description:
      'One more active secret; older secrets keep working until retired (rotation without downtime). Shown only here: a replay with the same ' +
      '`Idempotency-Key` answers `clientSecret: null` and a `message` saying the secret cannot be shown again (it is never stored).',
    tag: 'Developer',
    security: 'adminSession',
    responses: {
      201: { description: 'The new secret (shown once).', schema: createdClientSecretBodySchema, name: 'CreatedClientSecret' },
    },
    errors: ['notFound'],
  },

  [`DELETE ${developerApp}/client-secrets/{secretId}`]: {
    operationId: 'retireClientSecret',
    summary: 'Retire a client secret',
    description:
      'The secret stops working within the credential cache time (`CREDENTIAL_CACHE_TTL_SECONDS`, default 30). Retiring the last active secret is a 409.',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 200: { description: 'Retired.', schema: retiredClientSecretBodySchema, name: 'RetiredClientSecret' } },
    errors: ['notFound', 'conflict'],
  },

  [`GET ${developerApp}/licenses/variants`]: {
    operationId: 'listVariants',
    summary: 'List variants',
    description: 'The variants (plans) of the application.',
    tag: 'Developer',
    security: 'adminSession',
    responses: {
      200: {
        description: 'The variants.',
        schema: variantListBodySchema,
        name: 'VariantList',
        examples: { one: { summary: 'One variant', value: { ok: true, variants: [examples.exampleVariant] } } },
      },
    },
    errors: ['notFound'],
  },

  [`POST ${developerApp}/licenses/variants`]: {
    operationId: 'createVariant',
    summary: 'Create a variant',
    description: 'Names are unique per application, case-insensitively (409). `defaultDuration` is MONTH, YEAR or LIFETIME (default LIFETIME), any letter case.',
    tag: 'Developer',
    security: 'adminSession',
    requestBody: {
      schema: newVariantSchema,
      name: 'NewVariant',
      required: true,
      examples: { premium: { summary: 'A yearly plan', value: { name: 'Premium', description: 'Everything, billed yearly', defaultDuration: 'YEAR' } } },
    },
    responses: {
      201: {
        description: 'The variant.',
        schema: variantBodySchema,
        name: 'VariantBody',
        examples: { created: { summary: 'Created', value: { ok: true, variant: examples.exampleVariant } } },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'notFound', 'conflict'],
  },

  [`PATCH ${developerApp}/licenses/variants/{variantId}`]: {
    operationId: 'updateVariant',
    summary: 'Update a variant',
    description: 'Send at least one of `name`, `description`, `defaultDuration`. A rename to a name the app already uses is a 409.',
    tag: 'Developer',
    security: 'adminSession',
    requestBody: {
      schema: variantPatchSchema,
      name: 'VariantPatch',
      required: true,
      examples: { rename: { summary: 'Rename', value: { name: 'Premium yearly' } } },
    },
    responses: { 200: { description: 'The updated variant.', schema: variantBodySchema, name: 'VariantBody' } },
    errors: ['missingParameter', 'invalidParameter', 'notFound', 'conflict'],
  },

  [`DELETE ${developerApp}/licenses/variants/{variantId}`]: {
    operationId: 'deleteVariant',
    summary: 'Delete a variant',
    description: 'Refused (409) while the variant has ACTIVE licenses.',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 200: { description: 'Deleted.', schema: deletedVariantBodySchema, name: 'DeletedVariant' } },
    errors: ['notFound', 'conflict'],
  },

  [`GET ${developerApp}/users`]: {
    operationId: 'listConnectedUsers',
    summary: 'List connected users',
    description:
      'The users connected to the application: `name` is first + last name, `sessions` the login count, `statuses` the ACTIVE synced statuses (normally one).',
    tag: 'Developer',
    security: 'adminSession',
    query: pageQuery,
    responses: {
      200: {
        description: 'One page.',
        schema: connectedUsersPageSchema,
        name: 'ConnectedUsersPage',
        examples: { one: { summary: 'One user', value: { ok: true, users: [examples.exampleConnectedUser], total: 1, nextCursor: null } } },
      },
    },
    errors: ['invalidParameter', 'notFound'],
  },

  [`DELETE ${developerApp}/users/{connectionId}`]: {
    operationId: 'deactivateConnection',
    summary: 'Deactivate a connection',
    description:
      "The connection's sessions end and its ACTIVE licenses expire; history is kept and gains one `revoked` entry per license ended. " +
      'A later login to the app reactivates the connection.',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 200: { description: 'The deactivated connection.', schema: deactivatedConnectionBodySchema, name: 'DeactivatedConnection' } },
    errors: ['notFound'],
  },

  [`POST ${developerApp}/status-sync-api/test`]: {
    operationId: 'testStatusSyncIntegration',
    summary: 'Status sync readiness report',
    description:
      'Whether the app backend can call PATCH /api/applications/{appId}/users/{globalId}/status now: an active client secret, an active connection, the route deployed.',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 200: readiness('status-sync', 'the status-sync API') },
    errors: ['notFound'],
  },

  [`POST ${developerApp}/current-logins-sync-api/test`]: {
    operationId: 'testCurrentLoginsIntegration',
    summary: 'Current logins readiness report',
    description: 'The same report for GET /api/applications/{appId}/users.',
    tag: 'Developer',
    security: 'adminSession',
    responses: { 200: readiness('current-logins', 'the current-logins API') },
    errors: ['notFound'],
  },
};
