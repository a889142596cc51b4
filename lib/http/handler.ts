import middy, { type MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { performance } from 'node:perf_hooks';
import { safeParse, type core } from 'zod/mini';
import { config } from '../config.js';
import { invalidRequest, SignetError } from '../errors.js';
import { errorFields, logger, startRequestLog } from '../logger.js';
import { flushMetrics } from '../observability/metrics.js';
import { requestContext, runWithRequestContext, type IdempotencyAttempt, type RequestContext } from '../request-context.js';
import { classifyBody, parseForm, rawBody, requireObject, type BodyKind, type TextBodyRule } from './body.js';
import { errorCatalog } from './error-catalog.js';
import { errorKindOf } from './error-translation.js';
import { lowerCaseHeaders, toHttpRequest, type HttpRequest, type HttpResponse, type ProxyEvent } from './request.js';
import type { claimIdempotencyKey, finishIdempotencyKey } from './idempotency.js';
import { errorBody, errorStyleForPath, securityHeaders } from './responses.js';
import { zodIssues } from './validation.js';

interface Internal extends Record<string, unknown> {
  bodyKind?: BodyKind;
  /** The body as received, before parsing (the idempotency fingerprint). */
  rawBody?: string;
  idempotency?: IdempotencyAttempt;
  idempotencySteps?: IdempotencySteps;
}

/**
 * The Idempotency-Key step (lib/http/idempotency.ts `idempotencySteps`). Passed in rather
 * than imported, so a function that takes no key (health, the fallback) bundles no
 * DynamoDB client.
 */
export interface IdempotencySteps {
  claim: typeof claimIdempotencyKey;
  finish: typeof finishIdempotencyKey;
}

type MiddyRequest = middy.Request<ProxyEvent, APIGatewayProxyResult, Error, Context, Internal>;
type Middleware = MiddlewareObj<ProxyEvent, APIGatewayProxyResult, Error, Context, Internal>;

export interface HandlerOptions<Schema extends core.$ZodType, Identity = undefined> {
  /** Validates the request input (zod or zod/mini); its issues become a 400 in the route's error format. */
  schema?: Schema;
  /** What the schema validates; the parsed body by default. */
  input?: (request: HttpRequest) => unknown;
  /** False for handlers that must answer before the body is looked at (the fallback). */
  readBody?: boolean;
  /**
   * The route takes a plain-text body of this media type (and no other) instead of JSON or
   * a form; the handler sees it as `body.text`.
   */
  textBody?: TextBodyRule;
  /** The Idempotency-Key step; the family factories (auth, developer, app) always pass it. */
  idempotency?: IdempotencySteps;
  /**
   * Authenticates the caller before the body is read: the contract checks
   * authentication before content type, parsing and validation (API.md §2).
   * What it returns is handed to the runner.
   */
  authenticate?: (request: HttpRequest) => Promise<Identity>;
}

export type UseCaseRunner<Input, Identity = undefined> = (input: Input, request: HttpRequest, identity: Identity) => Promise<HttpResponse>;

/** The authenticated identity of each in-flight event, from the authentication step to the runner. */
const identities = new WeakMap<object, unknown>();

const authentication = (authenticate: (request: HttpRequest) => Promise<unknown>): Middleware => ({
  before: async (request: MiddyRequest) => {
    identities.set(request.event, await authenticate(toHttpRequest(request.event, {})));
  },
});

function serialize(response: HttpResponse): APIGatewayProxyResult {
  return {
    statusCode: response.statusCode ?? 200,
    headers: { ...securityHeaders, ...response.headers },
    body: JSON.stringify(response.body),
  };
}

/** Normalizes headers and decides, by size and content type, how the body is read. */
const bodyGate = (textRule?: TextBodyRule): Middleware => ({
  before: (request: MiddyRequest) => {
    const event = request.event;
    event.headers = lowerCaseHeaders(event.headers);
    request.internal.rawBody = event.body ?? '';
    const kind = classifyBody(event, event.headers['content-type'], config().MAX_BODY_BYTES, textRule);
    request.internal.bodyKind = kind;
    if (kind === 'form' || kind === 'text') event.body = rawBody(event);
  },
});

/** JSON goes through middy's parser; form, text and empty bodies are read here. */
const jsonParser = httpJsonBodyParser({ disableContentTypeError: true }) as unknown as Middleware;
const formAndEmptyBodies = (): Middleware => ({
  before: (request: MiddyRequest) => {
    const kind = request.internal.bodyKind;
    const event = request.event as unknown as { body: unknown };
    if (kind === 'json') event.body = requireObject(event.body);
    else if (kind === 'form') event.body = parseForm(event.body as string);
    else if (kind === 'text') event.body = { text: event.body as string };
    else event.body = {};
  },
});

const ignoreBody = (): Middleware => ({
  before: (request: MiddyRequest) => {
    (request.event as unknown as { body: unknown }).body = {};
  },
});

/**
 * Idempotency-Key (API.md §7.2), after authentication (the scope is the caller) and
 * body parsing, before validation: a stored answer is replayed as is, without running
 * the handler; a claimed key is finished by the responder.
 */
const idempotency = (steps: IdempotencySteps): Middleware => ({
  before: async (request: MiddyRequest) => {
    const event = request.event; // headers already lower-cased by bodyGate
    const step = await steps.claim(event, request.internal.rawBody ?? event.body ?? '', identities.get(event));
    if (step.kind === 'replay') {
      flushMetrics();
      return { ...step.response, headers: { ...securityHeaders, ...step.response.headers } };
    }
    if (step.kind === 'claimed') {
      request.internal.idempotency = step.attempt;
      request.internal.idempotencySteps = steps;
      const context = requestContext();
      if (context) context.idempotency = step.attempt;
    }
    return undefined;
  },
});

/** The 503's `outcome`: `unknown` once a write of the request may have been applied. */
const writeOutcome = () => (requestContext()?.writeSent ? 'unknown' : 'not_applied');

/**
 * Starts the request's log context (correlation id = API Gateway request id),
 * serializes the result, maps any error to the contract body of the route's
 * style, and flushes the request's metrics either way.
 */
const responder = (): Middleware => ({
  before: (request: MiddyRequest) => {
    startRequestLog(request.event.requestContext?.requestId, request.context);
  },
  after: async (request: MiddyRequest) => {
    request.response = serialize(request.response as unknown as HttpResponse);
    if (request.internal.idempotency) await request.internal.idempotencySteps?.finish(request.internal.idempotency, request.response);
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
    if (request.internal.idempotency) await request.internal.idempotencySteps?.finish(request.internal.idempotency, request.response);
    logger.debug('request handled', { method: request.event.httpMethod, resource: request.event.resource, status: request.response.statusCode, kind });
    flushMetrics();
  },
});

/**
 * The one way to build an HTTP Lambda handler. Middleware order (middy's documented
 * order, and the contract's check order): responder first so its `after`/`onError`
 * run last, then authentication, then header and body normalization and body
 * parsing, then validation inside the handler body.
 */
export function createHandler<Schema extends core.$ZodType = core.$ZodType<Record<string, unknown>>, Identity = undefined>(
  options: HandlerOptions<Schema, Identity>,
  run: UseCaseRunner<core.output<Schema>, Identity>,
) {
  config(); // fail fast at cold start on a bad environment
  const keySteps = options.idempotency ? [idempotency(options.idempotency)] : [];
  const bodyMiddlewares = options.readBody === false ? [ignoreBody()] : [bodyGate(options.textBody), jsonParser, formAndEmptyBodies(), ...keySteps];
  const authMiddlewares = options.authenticate ? [authentication(options.authenticate)] : [];
  // Deadlines are ours (withDeadline), not middy's timeoutEarly: that one races only the
  // handler body, so authentication (a middleware) would run outside it, and its race
  // does not stop the handler from writing after the answer.
  const handler = middy<ProxyEvent, APIGatewayProxyResult, Error, Context, Internal>({ timeoutEarlyInMillis: 0 })
    .use(responder())
    .use(authMiddlewares)
    .use(bodyMiddlewares)
    .handler(async (event) => {
      const request = toHttpRequest(event, event.body as unknown as Record<string, unknown>);
      const raw = options.input ? options.input(request) : request.body;
      let input: core.output<Schema>;
      if (options.schema) {
        const parsed = safeParse(options.schema, raw);
        if (!parsed.success) throw invalidRequest(zodIssues(parsed.error));
        input = parsed.data;
      } else {
        input = raw as core.output<Schema>;
      }
      return (await run(input, request, identities.get(event) as Identity)) as unknown as APIGatewayProxyResult;
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
    const abortTimer = setTimeout(() => controller.abort(), budget);
    let hardStopTimer: NodeJS.Timeout | undefined;
    const hardStop = new Promise<APIGatewayProxyResult>((resolve) => {
      hardStopTimer = setTimeout(() => {
        logger.error('request did not stop at its deadline', { path: event.resource ?? undefined });
        resolve(serialize({ statusCode: 503, headers: { 'Retry-After': '1' }, body: errorBody(errorStyleForPath(event.path ?? '/'), 'unavailable', undefined, undefined, requestState.writeSent ? 'unknown' : 'not_applied') }));
      }, budget + hardStopGraceMs);
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
