import type { APIGatewayProxyEvent } from 'aws-lambda';
import { lambdaContext, loadHandler, routeRequest, type LambdaHandler } from '../../tools/local/server.js';

/**
 * Requests as API Gateway sends them: the route table picks the function, the
 * event is the REST (v1) proxy event of tools/local/server.ts, and the real
 * handler module answers. Building the event is API Gateway's work, so only the
 * handler call is timed.
 */
export interface BenchRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is (set content-type yourself). */
  body?: unknown;
  query?: Record<string, string>;
  /** API Gateway's source IP (login throttling counts per username and IP, and per IP). */
  sourceIp?: string;
}

export interface PreparedRequest {
  functionName: string;
  event: APIGatewayProxyEvent;
}

export interface BenchResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bench reads answers freely
  json: any;
  ms: number;
}

export function prepareRequest(request: BenchRequest): PreparedRequest {
  const url = new URL(request.path, 'http://127.0.0.1');
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = {};
  let body = '';
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (typeof request.body !== 'string') headers['content-type'] = 'application/json';
  }
  for (const [key, value] of Object.entries(request.headers ?? {})) headers[key.toLowerCase()] = value;
  return routeRequest({ method: request.method.toUpperCase(), url, headers, body, sourceIp: request.sourceIp ?? '127.0.0.1' });
}

/** Invokes the real handler once (`handler`, else the TypeScript source's); `ms` is the handler's own time. */
export async function invokePrepared(prepared: PreparedRequest, handler?: LambdaHandler): Promise<BenchResponse> {
  const invoked = handler ?? (await loadHandler(prepared.functionName));
  const context = lambdaContext(prepared.functionName);
  // A handler may normalize the event in place (headers, body), so each call gets its own copy.
  const event = structuredClone(prepared.event);
  const started = performance.now();
  const result = await invoked(event, context);
  const ms = performance.now() - started;
  let json: unknown;
  try {
    json = JSON.parse(result.body);
  } catch {
    json = undefined;
  }
  return { status: result.statusCode, json, ms };
}

export function invoke(request: BenchRequest): Promise<BenchResponse> {
  return invokePrepared(prepareRequest(request));
}

/** Invokes and insists on the expected status, so a scenario never measures an error path by accident. */
export async function expectStatus(request: BenchRequest, status: number, what: string): Promise<BenchResponse> {
  const response = await invoke(request);
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.json)}`);
  }
  return response;
}
