import * as z from 'zod/mini';
import { codeListPageSchema, generatedCodesBodySchema, importResultBodySchema, redeemBodySchema } from '../../../lib/licenses/response-schemas.js';
import { codeListQuerySchema, generateCodesSchema, importCodesQuerySchema, maxGeneratedCodes, redeemSchema } from '../../../lib/licenses/schemas.js';
import type { OperationDocs } from '../operation-doc.js';

/** Issue 15: license codes. Developers generate, import and list them; members of an app redeem them. */

const codes = '/api/developer/applications/{appId}/licenses/codes';

const exampleCode = {
  licenseId: '5e8b3c17-a2d4-4f69-8c1e-0b7d3a9f6e24',
  code: 'K7QH-M2XV-9PRT-4CWN',
  state: 'UNUSED' as const,
  variantId: 'var_5n8c2k7q9w3m4x6z',
  expiresAt: '2027-01-01T00:00:00.000Z',
};

/** The body of an import: `code[,expiresAt]` lines, documented as a string. */
const codeLinesSchema = z.string();

export const licenseCodeOperations: OperationDocs = {
  [`POST ${codes}`]: {
    operationId: 'generateLicenseCodes',
    summary: 'Generate license codes',
    description:
      `Generates \`count\` (1 to ${maxGeneratedCodes}) new UNUSED codes of a variant: 16 symbols of an unambiguous alphabet (80 random bits) as ` +
      '`XXXX-XXXX-XXXX-XXXX`, matched regardless of case and dashes. `expiresAt` (optional) is the last moment a code can be redeemed and ' +
      "the end of the license it becomes; without it a redeemed license gets the variant's default duration. Written in batches; a retry " +
      'with the same Idempotency-Key makes no second batch.',
    tag: 'Developer',
    security: 'adminSession',
    requestBody: {
      schema: generateCodesSchema,
      name: 'GenerateLicenseCodes',
      properties: {
        variantId: 'The variant the codes grant.',
        count: `How many codes: an integer from 1 to ${maxGeneratedCodes}.`,
        expiresAt: 'Optional: an ISO-8601 timestamp with a zone, in the future, or null for none.',
      },
      required: true,
      examples: { three: { summary: 'Three codes', value: { variantId: exampleCode.variantId, count: 3, expiresAt: '2027-01-01T00:00:00Z' } } },
    },
    responses: {
      201: {
        description: 'The new codes.',
        schema: generatedCodesBodySchema,
        name: 'GeneratedLicenseCodes',
        examples: { one: { summary: 'One code', value: { ok: true, codes: [exampleCode], count: 1 } } },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'notFound'],
    errorNotes: { notFound: 'No such application of the caller, or no such variant of it.' },
  },

  [`POST ${codes}/import`]: {
    operationId: 'importLicenseCodes',
    summary: 'Import license codes (CSV)',
    description: [
      'Imports codes made elsewhere (gift cards, partner bundles) as UNUSED codes of the variant named by `variantId`. The body is `text/csv`: ',
      'one `code[,expiresAt]` line per code, an optional header line `code,expiresAt`, blank lines skipped, quoted fields unquoted. ',
      'A code is 8 to 64 ASCII letters or digits once dashes are removed (only letters, digits and dashes; stored upper-cased). Imported codes need at least 60 bits of randomness (for example 12 random characters of a 32-symbol alphabet) to resist guessing; sequential codes such as gift-0001 can be guessed. Good lines are imported and each bad one is reported by its ',
      '1-based line number (malformed, a duplicate within the file or of an existing code, an expiry in the past); no line is half-imported. ',
      `At most ${maxGeneratedCodes} lines and the request body limit per request: larger files go in parts.`,
    ].join(''),
    tag: 'Developer',
    security: 'adminSession',
    query: { schema: importCodesQuerySchema, descriptions: { variantId: 'The variant the imported codes grant; may be left out when the application has exactly one variant (else 400).' } },
    requestBody: {
      schema: codeLinesSchema,
      name: 'LicenseCodeLines',
      description: '`code[,expiresAt]` lines.',
      required: true,
      mediaType: 'text/csv',
      examples: { two: { summary: 'A header and two codes', value: 'code,expiresAt\nGIFT-2026-0001-AAAA\nGIFT-2026-0002-BBBB,2027-01-01T00:00:00Z\n' } },
    },
    responses: {
      200: {
        description: 'How many lines were imported, and each bad line with its message.',
        schema: importResultBodySchema,
        name: 'LicenseCodeImport',
        examples: {
          oneBad: { summary: 'One duplicate line', value: { ok: true, imported: 1, errors: [{ line: 3, message: 'duplicate of line 2' }] } },
        },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'notFound'],
    errorNotes: {
      invalidParameter: `A variantId that cannot be one, or more than ${maxGeneratedCodes} lines.`,
      notFound: 'No such application of the caller, or no such variant of it.',
    },
  },

  [`GET ${codes}`]: {
    operationId: 'listLicenseCodes',
    summary: 'List license codes (inventory)',
    description:
      'One page of the application\'s codes in code order, optionally filtered by state (as read now: a code past its expiry is EXPIRED) and ' +
      'variant. `owner` names the connection that redeemed the code. `nextCursor` is `null` on the last page; a filtered page can be shorter ' +
      'than `limit` and still have one.',
    tag: 'Developer',
    security: 'adminSession',
    query: {
      schema: codeListQuerySchema,
      descriptions: {
        limit: 'Page size, an integer from 1 to 1000 (default 100).',
        cursor: 'The opaque `nextCursor` of the previous page.',
        state: 'Only codes in this state: UNUSED, ACTIVE or EXPIRED (any letter case).',
        variantId: 'Only codes of this variant.',
      },
    },
    responses: {
      200: {
        description: 'One page.',
        schema: codeListPageSchema,
        name: 'LicenseCodePage',
        examples: {
          one: {
            summary: 'One unused code',
            value: { ok: true, codes: [{ ...exampleCode, owner: null, redeemedAt: null }], nextCursor: null },
          },
        },
      },
    },
    errors: ['invalidParameter', 'notFound'],
  },

  'POST /api/user/licenses/redeem': {
    operationId: 'redeemLicenseCode',
    summary: 'Redeem a license code (member)',
    description:
      'A member of an application redeems a code of that application for their connection: the session headers (user id or username, and key) ' +
      'of a member session plus the application\'s hostname header. The code becomes ACTIVE with the variant\'s default duration (or the code\'s ' +
      '`expiresAt`). A code redeems exactly once, even under concurrent attempts (the loser gets 409). An unknown code and another ' +
      'application\'s code are the same 404. Failed redemptions are throttled per (user, source IP): 10 per 15 minutes.',
    tag: 'Members',
    security: 'memberSession',
    hostnameHeader: 'optional',
    requestBody: {
      schema: redeemSchema,
      name: 'RedeemLicenseCode',
      properties: { code: 'The code, in any letter case, with or without dashes.' },
      required: true,
      examples: { code: { summary: 'A code', value: { code: 'k7qh-m2xv-9prt-4cwn' } } },
    },
    responses: {
      200: {
        description: 'The license the code became.',
        schema: redeemBodySchema,
        name: 'RedeemedLicense',
        examples: {
          redeemed: {
            summary: 'Redeemed',
            value: {
              ok: true,
              license: { licenseId: exampleCode.licenseId, code: exampleCode.code, state: 'ACTIVE', variant: { variantId: exampleCode.variantId, name: 'Premium' }, expiresAt: '2027-01-01T00:00:00.000Z' },
            },
          },
        },
      },
    },
    errors: ['missingParameter', 'invalidParameter', 'notFound', 'conflict', 'rateLimited'],
    errorNotes: {
      unauthorized: 'No member session, an invalid or expired one, an admin session, or a session of another application than the hostname names.',
      notFound: 'No such code in this application (an unknown code and another application\'s code answer alike).',
      conflict: "The code was already redeemed, has expired, its variant no longer exists, or the user holds the most redeemed licenses allowed",
      rateLimited: 'Too many failed redemptions by this user from this address (10 per 15 minutes).',
    },
  },
};
