import middy, { type MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { performance } from 'node:perf_hooks';
import { safeParse, type core } from 'zod/mini';
import { config } from '../config.js';
import { invalidRequest, SignetError } from '../errors.js';
import { errorFields, logger, startRequestLog } from '../logger.js';
import { flushMetrics } from '../observability/metrics-flush.js';
import { requestContext, runWithRequestContext, type RequestContext } from '../request-context.js';
import { bodyOfKind, classifyBody, malformedJson, peekBody, rawBody, type BodyRules, type TextBodyRule } from './body.js';
import { errorCatalog } from './error-catalog.js';
import { errorKindOf } from './error-translation.js';
import { normalizeHeaders, toHttpRequest, type HttpRequest, type HttpResponse, type ProxyEvent } from './request.js';
import { errorBody, errorStyleForPath, securityHeaders } from './responses.js';
import type { IdempotencySteps } from './types.js';
import { issuesMessage, zodIssues } from './validation.js';

type MiddyRequest = middy.Request<ProxyEvent, APIGatewayProxyResult, Error, Context>;
type Middleware = MiddlewareObj<ProxyEvent, APIGatewayProxyResult, Error, Context>;

export interface HandlerOptions<Schema extends core.$ZodType, Identity = undefined> {
  /** Validates the request input (zod or zod/mini); its issues become a 400 in the route's error format. */
  schema?: Schema;
  /**
   * Who the client is (lib/http/client-address.ts `resolveClientAddress`: the verified
   * CloudFront viewer, else API Gateway's sourceIp), run first. The family factories
   * (lib/handlers) always pass it; health and the fallback count nothing per address and
   * leave it out, so they bundle neither it nor the Secrets Manager client it reads the
   * origin secret with.
   */
  clientAddress?: (event: ProxyEvent, proxied?: (headers: Record<string, string>) => Promise<string | undefined>) => Promise<void>;
  /** A proxying app backend's named client address (X-Signet-Client-IP with valid Basic credentials), when the route honours it. */
  proxiedClientIp?: (headers: Record<string, string>) => Promise<string | undefined>;
  /** What the schema validates; the parsed body by default. */
  input?: (request: HttpRequest) => unknown;
  /** False for handlers that must answer before the body is looked at (the fallback). */
  readBody?: boolean;
  /**
   * The route takes a plain-text body of this media type (and no other) instead of JSON or
   * a form; the handler sees it as `body.text`.
   */
  textBody?: TextBodyRule;
  /** The /api routes: a body must be JSON (415 otherwise); the Spaaza-style /auth routes also take forms. */
  jsonOnly?: boolean;
  /** The Idempotency-Key step; the family factories (lib/handlers) pass it wherever a route takes a key (lib/route-kinds.ts). */
  idempotency?: IdempotencySteps;
  /**
   * Starts the read the route's use case makes first (lib/db `startReadAhead`), planned from
   * the request as received (body peeked, nothing validated yet), and says whether it did.
   * The factory calls it right after the client address and goes on with its own steps
   * while the read is in flight; the use case's batchGet of the same keys takes it
   * (lib/db/read-ahead.ts). Reads only. Passed in, so lib/http bundles no DynamoDB client
   * for the functions that have none (health, the fallback).
   */
  readAhead?: (request: HttpRequest) => boolean;
  /**
   * Authenticates the caller before the body is read: the contract checks
   * authentication before content type, parsing and validation (docs/errors.md).
   * What it returns is the request's identity, handed to the runner.
   */
  authenticate?: (request: HttpRequest) => Promise<Identity>;
}

export type UseCaseRunner<Input, Identity = undefined> = (input: Input, request: HttpRequest, identity: Identity) => Promise<HttpResponse>;

/** The request context withDeadline opened; every middleware and the handler body run inside it. */
function current(): RequestContext {
  const context = requestContext();
  if (!context) throw new Error('createHandler runs every request in a request context');
  return context;
}

/**
 * An identity whose proof is still being read: a read route reads its data alongside the
 * session (one wave where two were). Nothing is answered until `verified` settles, and
 * when it fails its error is the answer, whatever the data read found.
 */
export interface VerifyingIdentity {
  verified: Promise<void>;
}

const verificationOf = (identity: unknown) => (identity as Partial<VerifyingIdentity> | undefined)?.verified;

/** First of all (before authentication counts failures): the client's address (client-address.ts). */
const clientAddress = (resolve: NonNullable<HandlerOptions<core.$ZodType>['clientAddress']>, proxied?: (headers: Record<string, string>) => Promise<string | undefined>): Middleware => ({
  before: async (request: MiddyRequest) => {
    await resolve(request.event, proxied);
  },
});

/**
 * Starts the route's first read (HandlerOptions.readAhead), then yields one turn of the event
 * loop: the SDK builds, signs and writes the request before the factory's next steps run, so
 * those steps (body reading, validation, the use case up to its read) overlap DynamoDB's
 * answer instead of preceding it (docs/performance.md, Read-ahead).
 */
const readAheadStep = (start: NonNullable<HandlerOptions<core.$ZodType>['readAhead']>, rules: BodyRules): Middleware => ({
  before: async (request: MiddyRequest) => {
    const body = peekBody(request.event, config().MAX_BODY_BYTES, rules);
    let started = false;
    try {
      started = body !== undefined && start(toHttpRequest(request.event, body));
    } catch {
      // Only a plan: the use case reads for itself, and its own checks decide the answer.
    }
    if (started) await new Promise<void>((resolve) => setImmediate(resolve));
  },
});

const authentication = (authenticate: (request: HttpRequest) => Promise<unknown>): Middleware => ({
  before: async (request: MiddyRequest) => {
    const identity = await authenticate(toHttpRequest(request.event, {}));
    verificationOf(identity)?.catch(() => undefined); // awaited below; never an unhandled rejection
    current().identity = identity;
  },
  after: async () => {
    await verificationOf(current().identity);
  },
  onError: async (request: MiddyRequest) => {
    await verificationOf(current().identity)?.catch((failure: unknown) => {
      request.error = failure as Error;
    });
  },
});

function serialize(response: HttpResponse): APIGatewayProxyResult {
  return {
    statusCode: response.statusCode ?? 200,
    headers: { ...securityHeaders, ...response.headers },
    body: JSON.stringify(response.body),
  };
}

const jsonParser = httpJsonBodyParser({ disableContentTypeError: true }) as unknown as Required<Pick<Middleware, 'before'>>;

/**
 * Normalizes headers, decides by size and content type how the body is read, and reads
 * it: JSON through middy's parser, form, text and empty bodies here. Returns the body as
 * received, before parsing (the idempotency fingerprint).
 */
function readBody(request: MiddyRequest, rules: BodyRules): string {
  const event = request.event;
  const received = event.body ?? '';
  const kind = classifyBody(event, event.headers['content-type'], config().MAX_BODY_BYTES, rules);
  if (kind === 'form' || kind === 'text') event.body = rawBody(event);
  try {
    void jsonParser.before(request); // synchronous; leaves bodies of other content types alone
  } catch {
    throw malformedJson(rawBody(event));
  }
  const target = event as unknown as { body: unknown };
  target.body = bodyOfKind(kind, () => target.body, () => target.body as string);
  return received;
}

/**
 * Idempotency-Key (docs/architecture.md, Idempotency keys), after authentication (the scope is the caller) and
 * body parsing, before validation: a stored answer is replayed as is, without running
 * the handler; a claimed attempt goes into the request context, where lib/db writes the
 * result into its record and the responder finishes it.
 */
async function claimKey(steps: IdempotencySteps, event: ProxyEvent, received: string): Promise<APIGatewayProxyResult | undefined> {
  const context = current();
  const step = await steps.claim(event, received, context.identity);
  if (step.kind === 'replay') {
    flushMetrics();
    return { ...step.response, headers: { ...securityHeaders, ...step.response.headers } };
  }
  if (step.kind === 'claimed') context.idempotency = step.attempt;
  return undefined;
}

/** Reads the body, then takes the Idempotency-Key step when the route has one. */
const bodyReader = (rules: BodyRules, steps: IdempotencySteps | undefined): Middleware => ({
  before: async (request: MiddyRequest) => {
    const received = readBody(request, rules);
    return steps ? claimKey(steps, request.event, received) : undefined;
  },
});

const ignoreBody = (): Middleware => ({
  before: (request: MiddyRequest) => {
    (request.event as unknown as { body: unknown }).body = {};
  },
});

/** The 503's `outcome`: `unknown` once a write of the request may have been applied. */
const writeOutcome = () => (requestContext()?.writeSent ? 'unknown' : 'not_applied');

/** Stores the answer in the request's claimed idempotency record, if it claimed one. */
async function finishKey(steps: IdempotencySteps | undefined, response: APIGatewayProxyResult): Promise<void> {
  const attempt = requestContext()?.idempotency;
  if (steps && attempt) await steps.finish(attempt, response);
}

/**
 * Lower-cases the request's headers once, before any other step reads them, and starts
 * the request's log context (correlation id = API Gateway request id),
 * serializes the result, maps any error to the contract body of the route's
 * style, and flushes the request's metrics either way.
 */
const responder = (steps: IdempotencySteps | undefined): Middleware => ({
  before: (request: MiddyRequest) => {
    normalizeHeaders(request.event);
    startRequestLog(request.event.requestContext?.requestId, request.context);
  },
  after: async (request: MiddyRequest) => {
    request.response = serialize(request.response as unknown as HttpResponse);
    await finishKey(steps, request.response);
    logger.debug('request handled', { method: request.event.httpMethod, resource: request.event.resource, status: request.response.statusCode });
    flushMetrics();
  },
  onError: async (request: MiddyRequest) => {
    const error = request.error;
    const kind = errorKindOf(error);
    const style = errorStyleForPath(request.event.path ?? '/');
    const known = error instanceof SignetError ? error : undefined;
    if (kind === 'internal' || kind === 'unavailable') {
      logger.error('request failed', {
        kind,
        ...errorFields(error), // never the message: it can carry request data
        path: request.event.resource ?? undefined,
        requestId: request.event.requestContext?.requestId,
      });
    }
    const message = known && known.message !== known.kind ? known.message : undefined;
    request.response = serialize({
      statusCode: errorCatalog[kind].status,
      body: errorBody(style, kind, message, known?.options.issues, kind === 'unavailable' ? writeOutcome() : undefined),
      // A 503 is always worth retrying shortly; say so when the error did not name a delay.
      headers: known?.options.headers ?? (kind === 'unavailable' ? { 'Retry-After': '1' } : undefined),
    });
    await finishKey(steps, request.response);
    logger.debug('request handled', { method: request.event.httpMethod, resource: request.event.resource, status: request.response.statusCode, kind });
    flushMetrics();
  },
});

/**
 * The one way to build an HTTP Lambda handler. Middleware order (middy's documented
 * order, and the contract's check order): responder first so its `after`/`onError`
 * run last, then the client address, then the route's read-ahead (a read only, answered
 * through the use case), then authentication, then body reading and parsing, then
 * validation inside the handler body.
 */
export function createHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>, Identity = undefined>(
  options: HandlerOptions<Schema, Identity>,
  run: UseCaseRunner<core.output<Schema>, Identity>,
) {
  config(); // fail fast at cold start on a bad environment
  const bodyRules: BodyRules = { text: options.textBody, jsonOnly: options.jsonOnly === true };
  const bodyMiddleware = options.readBody === false ? ignoreBody() : bodyReader(bodyRules, options.idempotency);
  const authMiddlewares = options.authenticate ? [authentication(options.authenticate)] : [];
  // Deadlines are ours (withDeadline), not middy's timeoutEarly: that one races only the
  // handler body, so authentication (a middleware) would run outside it, and its race
  // does not stop the handler from writing after the answer.
  const handler = middy<ProxyEvent, APIGatewayProxyResult, Error, Context>({ timeoutEarlyInMillis: 0 })
    .use(responder(options.idempotency))
    .use(options.clientAddress ? [clientAddress(options.clientAddress, options.proxiedClientIp)] : [])
    .use(options.readAhead ? [readAheadStep(options.readAhead, bodyRules)] : [])
    .use(authMiddlewares)
    .use(bodyMiddleware)
    .handler(async (event) => {
      const request = toHttpRequest(event, event.body as unknown as Record<string, unknown>);
      const raw = options.input ? options.input(request) : request.body;
      let input: core.output<Schema>;
      if (options.schema) {
        const parsed = safeParse(options.schema, raw);
        if (!parsed.success) {
          const issues = zodIssues(parsed.error);
          throw invalidRequest(issues, issuesMessage(issues));
        }
        input = parsed.data;
      } else {
        input = raw as core.output<Schema>;
      }
      return (await run(input, request, current().identity as Identity)) as unknown as APIGatewayProxyResult;
    });
  return withDeadline(handler);
}

/** Time kept back from the function timeout for answering (serializing, logging, flushing metrics). */
export const answerMarginMs = 500;
/** When even an aborted request has not answered this long after its deadline, the wrapper answers. */
const hardStopGraceMs = 200;

/**
 * Runs each request in its own request context (lib/request-context.ts) with a deadline
 * of the function's remaining time minus a margin (10 s timeout, the same locally). At the deadline the context's AbortSignal fires: every
 * DynamoDB call in flight rejects at once (lib/db/send.ts), no further write is sent,
 * and the responder answers 503. Should anything not abortable still hold the request,
 * a hard stop answers shortly after.
 */
function withDeadline(handler: (event: ProxyEvent, context: Context) => Promise<APIGatewayProxyResult>) {
  return async (event: ProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const remaining = context?.getRemainingTimeInMillis?.() ?? 10_000;
    const budget = Math.max(0, remaining - answerMarginMs);
    const controller = new AbortController();
    const requestState: RequestContext = { deadlineAt: performance.now() + budget, signal: controller.signal, writeSent: false, answered: false };
    let abortTimer: NodeJS.Timeout | undefined;
    let hardStopTimer: NodeJS.Timeout | undefined;
    // One timer per request: the deadline's timer arms the hard stop.
    const hardStop = new Promise<APIGatewayProxyResult>((resolve) => {
      abortTimer = setTimeout(() => {
        controller.abort();
        hardStopTimer = setTimeout(() => {
          logger.error('request did not stop at its deadline', { path: event.resource ?? undefined });
          resolve(serialize({ statusCode: 503, headers: { 'Retry-After': '1' }, body: errorBody(errorStyleForPath(event.path ?? '/'), 'unavailable', undefined, undefined, requestState.writeSent ? 'unknown' : 'not_applied') }));
        }, hardStopGraceMs);
      }, budget);
    });
    try {
      return await runWithRequestContext(requestState, () => Promise.race([handler(event, context), hardStop]));
    } finally {
      requestState.answered = true;
      clearTimeout(abortTimer);
      clearTimeout(hardStopTimer);
    }
  };
}
