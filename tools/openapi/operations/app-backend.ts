import * as z from 'zod/mini';
import { connectionPageQuerySchema } from '../../../lib/connections/page-query.js';
import { currentLoginsPageSchema, currentStatusBodySchema, statusChangeBodySchema } from '../../../lib/status-sync/response-schemas.js';
import { statusChangeRequestSchema } from '../../../lib/status-sync/schemas.js';
import * as examples from '../examples.js';
import type { OperationDocs } from '../operation-doc.js';

/** docs/api.md, App backend (seed 000): the app backend API, HTTP Basic with client_id = appId. */

const appUsers = '/api/applications/{appId}/users';

export const appBackendOperations: OperationDocs = {
  [`PATCH ${appUsers}/{globalId}/status`]: {
    operationId: 'changeUserStatus',
    summary: 'Grant, refresh or revoke a synced status',
    description: [
      'Use this when your own backend is the source of truth for premium, plan or license state and Signet should mirror it for connected users.',
      '',
      '- `status` (required unless `revoke` is true) is normalized: trimmed, upper-cased, inner white space to `_`. `FREE`, `NONE`, `INACTIVE` and `REVOKED` revoke.',
      '- `variantName` defaults to the status; a missing variant is created with `defaultDuration` = the duration.',
      '- `duration`: MONTH, YEAR or LIFETIME, any case; default LIFETIME.',
      '- `expiresAt`: an ISO-8601 timestamp with a zone (overrides the duration), or `null` for no expiry; a past timestamp is a 400.',
      '- A grant reuses the connection\'s ACTIVE synced license of that variant or creates one, and expires every other ACTIVE synced license (one current synced status). Revoke expires them all; nothing active gives `unchanged`.',
    ].join('\n'),
    tag: 'App backend',
    security: 'basic',
    requestBody: {
      schema: statusChangeRequestSchema,
      name: 'StatusChange',
      properties: {
        status: 'Your plan or state label (required unless `revoke` is true); trimmed, upper-cased, inner white space to `_`. FREE, NONE, INACTIVE and REVOKED revoke.',
        variantName: 'The variant to grant; defaults to the normalized status. Found case-insensitively or created.',
        duration: 'MONTH, YEAR or LIFETIME, any letter case; default LIFETIME.',
        expiresAt: 'An ISO-8601 timestamp with a zone (overrides the duration), or null for no expiry. A past timestamp is a 400.',
        revoke: 'true revokes every ACTIVE synced status of the user.',
      },
      required: true,
      examples: {
        grant: { summary: 'Grant or update a yearly Premium plan', value: examples.grantRequestSeed },
        grantFetch: { summary: 'Grant a monthly Pro plan', value: examples.grantRequestFetchExample },
        revoke: { summary: 'Revoke', value: examples.revokeRequest },
        revokeByStatus: { summary: 'Revoke by a revoke status', value: examples.revokeByStatusRequest },
      },
    },
    responses: {
      200: {
        description: '`granted` for a grant or update, `revoked` when active statuses were revoked, `unchanged` when nothing was active.',
        schema: statusChangeBodySchema,
        name: 'StatusChangeResult',
        examples: {
          granted: { summary: 'Granted', value: examples.grantedResponse },
          revoked: { summary: 'Revoked', value: examples.revokedResponse },
          unchanged: { summary: 'Nothing to revoke', value: examples.unchangedResponse },
        },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'notFound'],
    errorNotes: { notFound: 'No active connection between that user and this application (also a malformed globalId).' },
  },

  [`GET ${appUsers}/{globalId}/status`]: {
    operationId: 'getUserStatus',
    summary: "Read a user's synced status",
    description: 'The connection\'s current synced status and its last 50 changes, newest first (a grant that supersedes another writes two entries).',
    tag: 'App backend',
    security: 'basic',
    responses: {
      200: {
        description: 'The current status (`null` when none is active) and the history.',
        schema: currentStatusBodySchema,
        name: 'CurrentStatus',
        examples: { premium: { summary: 'An active status', value: examples.currentStatusResponse } },
      },
    },
    errors: ['notFound'],
  },

  [`GET ${appUsers}`]: {
    operationId: 'listCurrentLogins',
    summary: 'Current logins',
    description:
      'The connections of the application in the app-facing shape: `displayName` is first + last name; `aliasEmail` is `null` unless ' +
      '`ALIAS_EMAIL_DOMAIN` is set. `total` counts all connections of the app; `nextCursor` is `null` on the last page.',
    tag: 'App backend',
    security: 'basic',
    query: {
      schema: connectionPageQuerySchema,
      descriptions: {
        limit: 'Page size, an integer from 1 to 1000 (default 100); anything else is a 400.',
        cursor: 'The opaque `nextCursor` of the previous page.',
      },
    },
    responses: {
      200: {
        description: 'One page.',
        schema: currentLoginsPageSchema,
        name: 'CurrentLoginsPage',
        examples: { one: { summary: 'One user', value: examples.currentLoginsResponse } },
      },
    },
    errors: ['invalidParameter'],
  },
};

/** docs/api.md, Operations. */
export const operationsOperations: OperationDocs = {
  'GET /health': {
    operationId: 'health',
    summary: 'Liveness',
    description: 'Answers without touching the database, and ignores any body.',
    tag: 'Operations',
    security: 'none',
    readsBody: false,
    responses: { 200: { description: 'Alive.', schema: z.object({ ok: z.literal(true) }), name: 'Health', examples: { ok: { summary: 'Alive', value: { ok: true } } } } },
    errors: [],
  },
};
