import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { config } from '../../lib/config.js';
import type { ErrorKind } from '../../lib/errors.js';
import { errorCatalog } from '../../lib/http/error-catalog.js';
import { errorBody, errorStyleForPath, securityHeaders } from '../../lib/http/responses.js';
import { fallbackFunction, functionNames } from '../../lib/routes.js';
import { matchRoute } from '../../lib/route-matching.js';
import type { ServedRequest } from './terminal-output.js';
import { serveDocs } from './docs-routes.js';
import { servePortal } from './portal-static.js';

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** API Gateway's own hard limit on a request body. */
const gatewayMaxBodyBytes = 10 * 1024 * 1024;

const projectRoot = join(import.meta.dirname, '..', '..');

const loaded = new Map<string, Promise<LambdaHandler>>();

/** Imports `functions/<name>/handler.ts` once per process, as a Lambda container would. */
export function loadHandler(functionName: string): Promise<LambdaHandler> {
  let handler = loaded.get(functionName);
  if (!handler) {
    const file = join(projectRoot, 'functions', functionName, 'handler.ts');
    handler = import(pathToFileURL(file).href).then((module: { handler: LambdaHandler }) => module.handler);
    loaded.set(functionName, handler);
  }
  return handler;
}

/** The deployed functions' timeout (infra), which the local server gives every invocation unless told otherwise. */
export const functionTimeoutMs = 10_000;

export function lambdaContext(functionName: string, timeoutMs = functionTimeoutMs): Context {
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => timeoutMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Builds the REST API (payload v1) proxy event API Gateway would send. */
export function toApiGatewayEvent(input: {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  resource: string;
  pathParameters: Record<string, string> | null;
  sourceIp: string;
}): APIGatewayProxyEvent {
  // Maps, then own properties: names such as `__proto__` or `constructor` are data here, as in API Gateway's JSON.
  const headerValues = new Map<string, string[]>();
  for (const [name, value] of Object.entries(input.headers)) {
    if (value !== undefined) headerValues.set(name, Array.isArray(value) ? value : [value]);
  }
  const headers = Object.fromEntries([...headerValues].map(([name, values]) => [name, values[values.length - 1] ?? '']));
  const multiValueHeaders = Object.fromEntries(headerValues);
  const queryValues = new Map<string, string[]>();
  for (const [key, value] of input.url.searchParams) queryValues.set(key, [...(queryValues.get(key) ?? []), value]);
  const query = Object.fromEntries([...queryValues].map(([key, values]) => [key, values[values.length - 1] ?? '']));
  const multiQuery = Object.fromEntries(queryValues);
  const hasQuery = queryValues.size > 0;
  const requestId = randomUUID();
  return {
    resource: input.resource,
    path: input.url.pathname,
    httpMethod: input.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: input.pathParameters,
    stageVariables: null,
    body: input.body.length > 0 ? input.body : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: input.method,
      identity: { sourceIp: input.sourceIp, userAgent: headers['user-agent'] ?? null } as APIGatewayProxyEvent['requestContext']['identity'],
      path: input.url.pathname,
      stage: 'local',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: input.resource,
    },
  };
}

/** The function the route table picks for a request, and the event API Gateway would hand it. */
export function routeRequest(input: {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  sourceIp: string;
}): { functionName: string; event: APIGatewayProxyEvent } {
  const match = matchRoute(input.method, input.url.pathname);
  const event = toApiGatewayEvent({
    ...input,
    resource: match?.route.path ?? '/{proxy+}',
    pathParameters: match ? match.pathParameters : { proxy: input.url.pathname.slice(1) },
  });
  return { functionName: match?.route.function ?? fallbackFunction, event };
}

/**
 * The body, holding at most MAX_BODY_BYTES + 1 bytes in memory (docs/security.md, Trust under abuse): past the
 * limit the rest is read and dropped, so the function still answers 413 after
 * authentication (the contract's order) without the server buffering it. Past API
 * Gateway's own limit (also when Content-Length announces it) reading stops at once.
 */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  if (Number(request.headers['content-length'] ?? 0) > gatewayMaxBodyBytes) return undefined;
  const keep = config().MAX_BODY_BYTES + 1;
  const chunks: Buffer[] = [];
  let size = 0;
  let kept = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > gatewayMaxBodyBytes) return undefined;
    if (kept < keep) {
      const part = buffer.subarray(0, keep - kept);
      chunks.push(part);
      kept += part.length;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** An answer of the edge itself (API Gateway), in the body format of the path's routes. */
function edgeError(path: string, kind: ErrorKind): APIGatewayProxyResult {
  return { statusCode: errorCatalog[kind].status, headers: { ...securityHeaders }, body: JSON.stringify(errorBody(errorStyleForPath(path), kind)) };
}

/** Node refuses headers past its limit before any route is known; answer 431 in the route's format, not Node's empty one. */
function answerClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const requestLine = error.rawPacket?.subarray(0, 2048).toString('latin1').split('\r\n')[0] ?? '';
  const path = requestLine.split(' ')[1] ?? '/';
  const body = JSON.stringify(errorBody(errorStyleForPath(path.split('?')[0] ?? '/'), status === 431 ? 'headersTooLarge' : 'malformedBody', status === 431 ? undefined : 'Malformed HTTP request'));
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  response.writeHead(result.statusCode, headers);
  response.end(result.body);
}

const gatewayError = (statusCode: number, error: string, message: string): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ ok: false, error, message }),
});

/** What the request log reports beyond the response itself: the request id, and what the function threw. */
const servedDetails = new WeakMap<ServerResponse, { requestId?: string; error?: unknown }>();

/** A query parameter whose value is a credential: session_key and any *key* or *token* name. */
const secretParameter = /key|token|secret|password/i;

/** The request target as a log may print it: secret query values replaced by `***` (issue 21). */
export function maskedTarget(target: string): string {
  const query = target.indexOf('?');
  if (query < 0) return target;
  const masked = target
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // an undecodable name is checked as written
      }
      return equals >= 0 && secretParameter.test(name) ? `${rawName}=***` : pair;
    })
    .join('&');
  return `${target.slice(0, query)}?${masked}`;
}

/** Reports the request to `onRequest` once its response is sent. */
function reportWhenSent(request: IncomingMessage, response: ServerResponse, onRequest: (served: ServedRequest) => void): void {
  const started = performance.now();
  response.once('finish', () => {
    const method = (request.method ?? 'GET').toUpperCase();
    onRequest({ method, path: maskedTarget(request.url ?? '/'), status: response.statusCode, ms: performance.now() - started, ...servedDetails.get(response) });
  });
}

/**
 * Serves every route of the route table through its real handler, as API
 * Gateway would: one handler module per function, API Gateway-shaped events.
 * `onRequest` hears of every answered request (npm start's request log).
 */
export async function startLocalServer(options: {
  port: number;
  host?: string;
  /** Sees each event before its handler does (tests check what API Gateway would hand a function). */
  onEvent?: (functionName: string, event: APIGatewayProxyEvent) => void;
  onRequest?: (served: ServedRequest) => void;
  /** Tests whose subject is not the deadline lift it, so a loaded machine cannot fail them (the bench times the work). */
  functionTimeoutMs?: number;
  /** Functions served by these handlers instead of their sources (the bench's deployed bundles, bench/lib/deployed.ts). */
  handlers?: ReadonlyMap<string, LambdaHandler>;
}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  // Load every handler up front so a broken function fails `npm start`, not the first request.
  for (const name of functionNames) await loadHandler(name);

  const server = createServer(async (request, response) => {
    if (options.onRequest) reportWhenSent(request, response, options.onRequest);
    try {
      if (await servePortal(request, response)) return;
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (await serveDocs(request, response, url)) return;
      const method = (request.method ?? 'GET').toUpperCase();
      const body = await readBody(request);
      if (body === undefined) {
        response.setHeader('Connection', 'close');
        send(response, edgeError(url.pathname, 'payloadTooLarge'));
        request.destroy();
        return;
      }
      // The source IP is the socket's peer, as API Gateway's is the TCP peer: never X-Forwarded-For (docs/security.md, Throttling).
      const { functionName, event } = routeRequest({ method, url, headers: request.headers, body, sourceIp: request.socket.remoteAddress ?? '127.0.0.1' });
      options.onEvent?.(functionName, event);
      servedDetails.set(response, { requestId: event.requestContext.requestId });
      const handler = options.handlers?.get(functionName) ?? (await loadHandler(functionName));
      send(response, await handler(event, lambdaContext(functionName, options.functionTimeoutMs)));
    } catch (error) {
      servedDetails.set(response, { ...servedDetails.get(response), error });
      send(response, gatewayError(502, 'internal_error', 'The function failed'));
    }
  });

  server.on('clientError', answerClientError);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
