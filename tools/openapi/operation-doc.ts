import type * as z from 'zod/mini';
import type { ErrorKind } from '../../lib/errors.js';

/**
 * The documentation of one route, kept next to the route's schemas
 * (tools/openapi/operations/*.ts, keyed `METHOD path` as in lib/routes.ts). The
 * generator (document.ts) adds what follows from the route itself: path
 * parameters, the error body style (/api or /auth), the security errors, the body
 * errors, the API version and Idempotency-Key headers, and the 5xx answers.
 */
export type SecurityDoc =
  /** No credentials (the session key travels as a parameter where there is one). */
  | 'none'
  /** An admin session: the X-Spaaza-Session-* header pair, or the admin cookie. */
  | 'adminSession'
  /** Any session, member or admin (logout): the header pair, or the admin cookie. */
  | 'session'
  /** A member session of the app the hostname header names (license redemption): the header pair only. */
  | 'memberSession'
  /** HTTP Basic with client_id = appId and a client secret. */
  | 'basic';

export interface ExampleDoc {
  summary: string;
  value: unknown;
}

export interface ResponseDoc {
  description: string;
  /** A named component schema (`name`) generated from a zod schema (output side). */
  schema: z.core.$ZodType;
  name: string;
  examples?: Record<string, ExampleDoc>;
  /** Response headers beyond the generic ones (e.g. Set-Cookie). */
  headers?: Record<string, { description: string; schema: Record<string, unknown> }>;
}

export interface RequestBodyDoc {
  /** Validated by the handler with exactly this schema (input side). */
  schema: z.core.$ZodType;
  name: string;
  description?: string;
  required: boolean;
  /** Descriptions of body fields, added to the generated JSON Schema (for rules it cannot state). */
  properties?: Record<string, string>;
  /** /auth routes accept form encoding as well as JSON (docs/api.md, Sessions). */
  form?: boolean;
  /** A body of this media type instead of JSON (the schema is then a zod string). */
  mediaType?: 'text/csv';
  examples?: Record<string, ExampleDoc>;
}

export interface OperationDoc {
  operationId: string;
  summary: string;
  description: string;
  tag: 'Sessions' | 'Developer' | 'Members' | 'App backend' | 'Operations';
  security: SecurityDoc;
  /** Takes X-Spaaza-MyPrice-App-Hostname (or its older name X-MyPrice-App-Hostname). */
  hostnameHeader?: 'optional';
  requestBody?: RequestBodyDoc;
  /** A zod object whose properties are query parameters (input side). */
  query?: { schema: z.core.$ZodType; descriptions: Record<string, string> };
  /** Success answers by status. */
  responses: Record<number, ResponseDoc>;
  /** False when the handler never reads a body (createHandler's readBody: false): no body errors to document. */
  readsBody?: false;
  /** The route's own errors; the generator adds the ones every such route shares. */
  errors: ErrorKind[];
  /** Error descriptions specific to this route, by error. */
  errorNotes?: Partial<Record<ErrorKind, string>>;
}

export type OperationDocs = Record<string, OperationDoc>;
