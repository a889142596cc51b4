import * as z from 'zod/mini';
import { sessionCookieName } from '../../lib/auth/session-cookie.js';
import type { ErrorKind } from '../../lib/errors.js';
import { errorCatalog } from '../../lib/http/error-catalog.js';
import { apiErrorBodySchema, apiUnavailableBodySchema, authErrorBodySchema, authUnavailableBodySchema } from '../../lib/http/error-schemas.js';
import { errorBody, errorStyleForPath } from '../../lib/http/responses.js';
import '../../lib/http/validation.js'; // zod/mini's English messages, as in the handlers
import { isIdempotentRoute, routes, type Route } from '../../lib/routes.js';
import { registerSchemaDescriptions } from './descriptions.js';
import type { OperationDoc, OperationDocs } from './operation-doc.js';
import { appBackendOperations, operationsOperations } from './operations/app-backend.js';
import { accountOperations } from './operations/account.js';
import { authOperations } from './operations/auth.js';
import { developerOperations } from './operations/developer.js';
import { licenseCodeOperations } from './operations/licenses.js';
import { webhookOperations } from './operations/webhooks.js';
import { apiDescription, pathParameterDescriptions, tagDescriptions } from './texts.js';

/**
 * The OpenAPI 3.1 document, generated from the route table (lib/routes.ts), the
 * documentation entry of each route (./operations/*.ts) and the zod schemas the
 * handlers validate with (request bodies, input side) and the views are typed by
 * (responses, output side). `npm run openapi` writes it to docs/openapi.json.
 */

type Json = Record<string, unknown>;

export const operationDocs: OperationDocs = { ...operationsOperations, ...authOperations, ...accountOperations, ...developerOperations, ...licenseCodeOperations, ...appBackendOperations, ...webhookOperations };

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/** Fails loudly when a route has no documentation entry, or an entry names no route. */
export function checkOperationDocs(table: readonly Route[] = routes, docs: OperationDocs = operationDocs): void {
  const keys = new Set(table.map(routeKey));
  const undocumented = [...keys].filter((key) => !docs[key]);
  const unrouted = Object.keys(docs).filter((key) => !keys.has(key));
  const problems = [
    ...undocumented.map((key) => `route ${key} has no entry in tools/openapi/operations/`),
    ...unrouted.map((key) => `tools/openapi/operations/ documents ${key}, which lib/routes.ts does not have`),
  ];
  if (problems.length > 0) throw new Error(`OpenAPI documentation out of step with the route table:\n- ${problems.join('\n- ')}`);
}

/** The errors a route answers: its own, plus those that follow from its style, security, method and idempotency. */
export function errorsOf(route: Route, doc: OperationDoc): ErrorKind[] {
  const errors = new Set<ErrorKind>();
  if (errorStyleForPath(route.path) === 'auth') errors.add('invalidApiVersion');
  if (doc.security === 'adminSession' || doc.security === 'memberSession') errors.add('unauthorized');
  if (isCookieWrite(route, doc)) errors.add('forbidden');
  if (doc.security === 'basic') (['unauthorized', 'invalidClient', 'forbidden', 'rateLimited'] as const).forEach((kind) => errors.add(kind));
  // A handler reads a body if one is sent, GET included, unless it never reads one; the server refuses oversized headers before any route runs.
  if (doc.readsBody !== false) (['malformedBody', 'unsupportedMediaType', 'payloadTooLarge'] as const).forEach((kind) => errors.add(kind));
  errors.add('headersTooLarge');
  doc.errors.forEach((kind) => errors.add(kind));
  // A malformed Idempotency-Key is a 400 invalid_request (code 1003 on /auth), lib/http/idempotency.ts.
  if (isIdempotentRoute(route)) (['invalidParameter', 'idempotencyKeyReused', 'conflict'] as const).forEach((kind) => errors.add(kind));
  // Only a route that uses the table can find DynamoDB unavailable.
  if (route.table !== 'none') errors.add('unavailable');
  errors.add('internal');
  return [...errors];
}

const ref = (section: string, name: string) => ({ $ref: `#/components/${section}/${name}` });

/** JSON Schema of named zod schemas, with cross references as component refs. */
function componentSchemas(named: Map<string, z.core.$ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  const cleaned: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, id: _plainId, ...rest } = schema;
    cleaned[id] = rest;
  }
  return cleaned;
}

function registerNamed(named: Map<string, z.core.$ZodType>, name: string, schema: z.core.$ZodType): void {
  const existing = named.get(name);
  if (existing && existing !== schema) throw new Error(`Two different schemas are named ${name}`);
  named.set(name, schema);
}

const errorNameOf = (style: 'api' | 'auth', kind: ErrorKind) =>
  style === 'auth' ? errorCatalog[kind].spaazaName : errorCatalog[kind].api;

const inFlight = 'an earlier request with this Idempotency-Key is still running (with Retry-After)';

const cookieWrite = 'a write authenticated by the admin-session cookie without the X-Signet-Portal header (cross-site request refused)';

/** lib/auth/session-credentials.ts: a cookie-authenticated write must carry X-Signet-Portal. */
const isCookieWrite = (route: Route, doc: OperationDoc) => (doc.security === 'adminSession' || doc.security === 'session') && route.method !== 'GET';

const capitalized = (text: string) => `${text[0]?.toUpperCase()}${text.slice(1)}`;

function noteFor(route: Route, doc: OperationDoc, kind: ErrorKind): string {
  const note = doc.errorNotes?.[kind] ?? errorCatalog[kind].message;
  const rule =
    kind === 'conflict' && isIdempotentRoute(route) ? inFlight : kind === 'forbidden' && isCookieWrite(route, doc) ? cookieWrite : undefined;
  if (!rule) return note;
  return doc.errors.includes(kind) ? `${note}; or ${rule}` : capitalized(rule);
}

function errorResponses(route: Route, doc: OperationDoc): Record<string, Json> {
  const style = errorStyleForPath(route.path);
  const byStatus = new Map<number, ErrorKind[]>();
  for (const kind of errorsOf(route, doc)) {
    const status = errorCatalog[kind].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), kind]);
  }
  const responses: Record<string, Json> = {};
  for (const [status, kinds] of [...byStatus].sort(([a], [b]) => a - b)) {
    const lines = kinds.map((kind) => {
      const spec = errorCatalog[kind];
      const label = style === 'auth' ? `code ${spec.code} \`${spec.spaazaName}\`` : `\`${spec.api}\``;
      return `- ${label}: ${noteFor(route, doc, kind)}`;
    });
    const examples: Record<string, Json> = {};
    for (const kind of kinds) {
      const name = errorNameOf(style, kind);
      if (!examples[name]) examples[name] = { summary: noteFor(route, doc, kind), value: errorBody(style, kind) };
    }
    // A 503 always says whether the write may have happened (§7.3): a schema where both fields are required.
    const base = status === 503 ? { api: 'ApiUnavailableError', auth: 'AuthUnavailableError' } : { api: 'ApiError', auth: 'AuthError' };
    const schema =
      style === 'auth'
        ? {
            allOf: [
              ref('schemas', base.auth),
              {
                properties: {
                  error: oneOrAnyOf(
                uniqueBy(kinds, (kind) => `${errorCatalog[kind].code} ${errorCatalog[kind].spaazaName}`).map((kind) => ({
                  properties: { code: { const: errorCatalog[kind].code }, name: { const: errorCatalog[kind].spaazaName } },
                  // A constraint on AuthError's `error`, not a closed shape of its own.
                  additionalProperties: true,
                })),
                  ),
                },
              },
            ],
          }
        : {
            allOf: [ref('schemas', base.api), { properties: { error: { enum: [...new Set(kinds.map((kind) => errorCatalog[kind].api))] } } }],
          };
    const headers: Json = {};
    if (status === 429 || status === 503) headers['Retry-After'] = ref('headers', 'RetryAfter');
    if (status === 409 && isIdempotentRoute(route)) headers['Retry-After'] = ref('headers', 'RetryAfterInFlight');
    responses[String(status)] = {
      description: lines.join('\n'),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      content: { 'application/json': { schema, examples } },
    };
  }
  return responses;
}

const methodNotAllowedResponse = { api: 'MethodNotAllowed', auth: 'MethodNotAllowedAuth' } as const;

/**
 * The fallback's 405, which OpenAPI can only say on the operations a path does have:
 * a shared response each operation references, described as being about the other methods.
 */
function methodNotAllowedResponses(): Record<string, Json> {
  const spec = errorCatalog.methodNotAllowed;
  const note = 'Not an answer of this operation: any method this path does not serve is answered 405, with `Allow` listing the methods it does serve.';
  const schema = {
    api: { allOf: [ref('schemas', 'ApiError'), { properties: { error: { enum: [spec.api] } } }] },
    auth: {
      allOf: [ref('schemas', 'AuthError'), { properties: { error: { properties: { code: { const: spec.code }, name: { const: spec.spaazaName } }, additionalProperties: true } } }],
    },
  };
  const responses: Record<string, Json> = {};
  for (const style of ['api', 'auth'] as const) {
    const label = style === 'auth' ? `code ${spec.code} \`${spec.spaazaName}\`` : `\`${spec.api}\``;
    responses[methodNotAllowedResponse[style]] = {
      description: `- ${label}: ${note}`,
      headers: { Allow: ref('headers', 'Allow') },
      content: {
        'application/json': {
          schema: schema[style],
          examples: { [style === 'auth' ? spec.spaazaName : spec.api]: { summary: spec.message, value: errorBody(style, 'methodNotAllowed') } },
        },
      },
    };
  }
  return responses;
}

const oneOrAnyOf = (schemas: Json[]): Json => (schemas.length === 1 ? (schemas[0] as Json) : { anyOf: schemas });

function uniqueBy<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(keyOf(item)) ? false : (seen.add(keyOf(item)), true)));
}

const securityRequirements: Record<OperationDoc['security'], Json[]> = {
  none: [],
  adminSession: [{ sessionUserId: [], sessionKey: [] }, { sessionUsername: [], sessionKey: [] }, { adminSessionCookie: [] }],
  session: [{ sessionUserId: [], sessionKey: [] }, { sessionUsername: [], sessionKey: [] }, { adminSessionCookie: [] }],
  memberSession: [{ sessionUserId: [], sessionKey: [] }, { sessionUsername: [], sessionKey: [] }],
  basic: [{ basicAuth: [] }],
};

/** What each kind of session route does when X-Spaaza-Session-Username comes with X-Spaaza-Session-User-Id (lib/auth/session-credentials.ts, lib/licenses/member-session.ts). */
function sessionUsernameDescription(): string {
  const memberRoutes = routes.filter((route) => operationDocs[routeKey(route)]?.security === 'memberSession').map((route) => `\`${routeKey(route)}\``);
  return [
    "Instead of X-Spaaza-Session-User-Id, as Spaaza's PHP client sends it when given a username: the session's username (case-insensitive); used together with X-Spaaza-Session-Key.",
    'When both headers are sent, the routes that also accept the admin-session cookie (the developer API, `DELETE /auth/logout`) use the user id and ignore the username;',
    `member routes (${memberRoutes.join(', ')}) use the user id and answer 401 unless the username is the session's own.`,
  ].join(' ');
}

const pathParameterComponent = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}Path`;

function queryParameters(doc: OperationDoc): Json[] {
  if (!doc.query) return [];
  const schema = z.toJSONSchema(doc.query.schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const description = doc.query?.descriptions[name];
    if (!description) throw new Error(`${doc.operationId}: query parameter ${name} has no description`);
    return {
      name,
      in: 'query',
      // Parameters that may come from the body or the query string are required in neither.
      required: !doc.requestBody && (schema.required ?? []).includes(name),
      description,
      schema: property,
    };
  });
}

function operation(route: Route, doc: OperationDoc, requestSchemas: Map<string, z.core.$ZodType>, responseSchemas: Map<string, z.core.$ZodType>): Json {
  const parameters: Json[] = [...(route.path.match(/\{(\w+)\}/g) ?? [])].map((segment) => {
    const name = segment.slice(1, -1);
    if (!pathParameterDescriptions[name]) throw new Error(`${routeKey(route)}: path parameter ${name} has no description in tools/openapi/texts.ts`);
    return ref('parameters', pathParameterComponent(name));
  });
  if (doc.hostnameHeader) parameters.push(ref('parameters', 'MyPriceAppHostname'), ref('parameters', 'MyPriceAppHostnameOlder'));
  if (errorStyleForPath(route.path) === 'auth') parameters.push(ref('parameters', 'SpaazaApiVersion'));
  if (isIdempotentRoute(route)) parameters.push(ref('parameters', 'IdempotencyKey'));
  parameters.push(...queryParameters(doc));

  const responses: Record<string, Json> = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    registerNamed(responseSchemas, response.name, response.schema);
    const headers: Json = {};
    for (const [name, header] of Object.entries(response.headers ?? {})) headers[name] = header;
    if (isIdempotentRoute(route)) headers['Idempotent-Replayed'] = ref('headers', 'IdempotentReplayed');
    responses[status] = {
      description: response.description,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      content: { 'application/json': { schema: ref('schemas', response.name), ...(response.examples ? { examples: response.examples } : {}) } },
    };
  }
  Object.assign(responses, errorResponses(route, doc));
  // The route table's answer to any other method on this path (the fallback function).
  responses['405'] = ref('responses', methodNotAllowedResponse[errorStyleForPath(route.path)]);

  const result: Json = {
    operationId: doc.operationId,
    summary: doc.summary,
    description: doc.description,
    tags: [doc.tag],
    security: securityRequirements[doc.security],
    ...(parameters.length > 0 ? { parameters } : {}),
  };
  if (doc.requestBody) {
    const body = doc.requestBody;
    registerNamed(requestSchemas, body.name, body.schema);
    const media = { schema: ref('schemas', body.name), ...(body.examples ? { examples: body.examples } : {}) };
    result.requestBody = {
      required: body.required,
      ...(body.description ? { description: body.description } : {}),
      content: body.mediaType
        ? { [body.mediaType]: media }
        : { 'application/json': media, ...(body.form ? { 'application/x-www-form-urlencoded': media } : {}) },
    };
  }
  result.responses = responses;
  return result;
}

/** Adds each request body's field descriptions (OperationDoc.requestBody.properties) to its component schema. */
function describeProperties(schemas: Record<string, Json>): void {
  for (const doc of Object.values(operationDocs)) {
    const body = doc.requestBody;
    if (!body?.properties) continue;
    const properties = (schemas[body.name]?.properties ?? {}) as Record<string, Json>;
    for (const [name, description] of Object.entries(body.properties)) {
      const property = properties[name];
      if (!property) throw new Error(`${doc.operationId}: ${body.name} has no property ${name} to describe`);
      properties[name] = { description, ...property };
    }
  }
}

export function buildOpenApiDocument(options: { version?: string } = {}): Json {
  checkOperationDocs();
  registerSchemaDescriptions();
  const requestSchemas = new Map<string, z.core.$ZodType>();
  const responseSchemas = new Map<string, z.core.$ZodType>([
    ['ApiError', apiErrorBodySchema],
    ['AuthError', authErrorBodySchema],
    ['ApiUnavailableError', apiUnavailableBodySchema],
    ['AuthUnavailableError', authUnavailableBodySchema],
  ]);
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const doc = operationDocs[routeKey(route)] as OperationDoc;
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase()] = operation(route, doc, requestSchemas, responseSchemas);
  }
  const overlap = [...requestSchemas.keys()].filter((name) => responseSchemas.has(name));
  if (overlap.length > 0) throw new Error(`Names used for both a request and a response schema: ${overlap.join(', ')}`);
  const schemas = { ...componentSchemas(requestSchemas, 'input'), ...componentSchemas(responseSchemas, 'output') };
  describeProperties(schemas);

  const parameters: Record<string, Json> = {
    MyPriceAppHostname: {
      name: 'X-Spaaza-MyPrice-App-Hostname',
      in: 'header',
      required: false,
      description:
        'The hostname that names an application (a member session). Mandatory for programme members; an admin login leaves it out. An unknown hostname is a 400 code 269 `no_myprice_app`.',
      schema: { type: 'string', maxLength: 253 },
      example: 'shop.example.com',
    },
    MyPriceAppHostnameOlder: {
      name: 'X-MyPrice-App-Hostname',
      in: 'header',
      required: false,
      description:
        "The older name of X-Spaaza-MyPrice-App-Hostname, which Spaaza's official Postman collection still sends; either name works. Both with different values name no single application (400 code 269 `no_myprice_app` on /auth, 401 on the redeem route).",
      schema: { type: 'string', maxLength: 253 },
      example: 'shop.example.com',
    },
    SpaazaApiVersion: {
      name: 'X-Spaaza-API-Version',
      in: 'header',
      required: false,
      description:
        'The Spaaza API version (`MAJOR.MINOR[.PATCH]`). None means 1.4.0; versions below 1.4.0 are served as 1.4.0, above the newest (1.4.10) as 1.4.10; a malformed one is a 400. From 1.4.10 `gender` is answered as a word.',
      schema: { type: 'string', pattern: '^\\d{1,4}\\.\\d{1,4}(\\.\\d{1,4})?$' },
      example: '1.4.10',
    },
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'IETF draft Idempotency-Key: 1..255 printable ASCII characters. Within 24 hours the same key with the same request replays the first answer ' +
        '(with `Idempotent-Replayed: true`) and writes nothing again; with a different request it is a 422 `idempotency_key_reused`; while the first is still running, a 409 with Retry-After. ' +
        'A key that is empty, longer than 255 characters or not printable ASCII is a 400 `invalid_request` (on /auth: code 1003 `invalid_parameter`) with the issue at `Idempotency-Key`, and nothing runs.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$' },
      example: '6f1c2d3e-4b5a-4978-8899-aabbccddeeff',
    },
  };
  for (const [name, description] of Object.entries(pathParameterDescriptions)) {
    parameters[pathParameterComponent(name)] = { name, in: 'path', required: true, description, schema: { type: 'string' } };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Signet API',
      version: options.version ?? '0.1.0',
      summary: 'Identity and license status for app backends: Spaaza-style sessions, a developer API and status sync.',
      description: apiDescription,
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    // The committed file's server: `npm start` on the port you chose. Served, the document names the
    // origin that served it instead (tools/local/docs-routes.ts; deployed: tools/openapi/portal-reference.ts).
    servers: [
      {
        url: 'http://127.0.0.1:{port}',
        description: 'Local API (`npm start`, PORT); deployed: your API or portal origin',
        variables: { port: { default: '3000', description: 'The PORT npm start listens on' } },
      },
    ],
    tags: Object.entries(tagDescriptions).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas,
      parameters,
      responses: methodNotAllowedResponses(),
      headers: {
        Allow: { description: 'The methods this path serves, e.g. `GET, POST`.', required: true, schema: { type: 'string' } },
        RetryAfter: { description: 'Seconds to wait before retrying.', required: true, schema: { type: 'string', pattern: '^\\d+$' } },
        RetryAfterInFlight: {
          description: 'With a 409 for an Idempotency-Key whose first request is still running: seconds to wait.',
          schema: { type: 'string', pattern: '^\\d+$' },
        },
        IdempotentReplayed: {
          description: '`true` when this answer is the stored answer of an earlier request with the same Idempotency-Key.',
          schema: { type: 'string', enum: ['true'] },
        },
      },
      securitySchemes: {
        basicAuth: {
          type: 'http',
          scheme: 'basic',
          description: 'App backends: `client_id` = the path\'s appId, `client_secret` = one of its active secrets.',
        },
        sessionUserId: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Spaaza-Session-User-Id',
          description: 'The session\'s user id (`session_info.session_user_id` of /auth/login); used together with X-Spaaza-Session-Key.',
        },
        sessionUsername: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Spaaza-Session-Username',
          description: sessionUsernameDescription(),
        },
        sessionKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Spaaza-Session-Key',
          description: 'The session key (`session_info.session_key` of /auth/login); developer routes need an admin session.',
        },
        adminSessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: sessionCookieName,
          description:
            'The admin-session cookie /auth/login sets (`<user id>.<session key>`, HttpOnly, Secure, SameSite=Lax). It is read only when no X-Spaaza-Session-* header is sent. ' +
            'A write (any method but GET) authenticated by it must also carry an `X-Signet-Portal` header (any value; the developer portal sends it), else 403 `forbidden`: ' +
            'a page of another origin can send the cookie but not a custom header.',
        },
      },
    },
  };
}
