import type { APIGatewayProxyResult } from 'aws-lambda';
import { lambdaContext, loadHandler, routeRequest } from '../../tools/local/server.js';

export interface ApiCall {
  headers?: Record<string, string>;
  /** An object is sent as JSON (or as a form with `form: true`); a string is sent as is. */
  body?: unknown;
  form?: boolean;
  query?: Record<string, string>;
}

export interface ApiResult {
  status: number;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies freely
  json: any;
  raw: APIGatewayProxyResult;
}

/** The body as sent, and its content type: an object as JSON (or a form), a string as is. */
export function encodeBody(call: ApiCall): { body: string; contentType?: string } {
  if (call.body === undefined) return { body: '' };
  if (typeof call.body === 'string') return { body: call.body };
  if (call.form) {
    const fields = new URLSearchParams();
    for (const [key, value] of Object.entries(call.body as Record<string, unknown>)) fields.set(key, String(value));
    return { body: fields.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  return { body: JSON.stringify(call.body), contentType: 'application/json' };
}

/** The request headers: the body's content type (if any), then the call's headers, lower-cased. */
export function requestHeaders(call: ApiCall, contentType?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (contentType) headers['content-type'] = contentType;
  for (const [key, value] of Object.entries(call.headers ?? {})) headers[key.toLowerCase()] = value;
  return headers;
}

/** A response body parsed as JSON, or undefined if it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The Authorization header of an app backend. */
export function basicAuth(appId: string, clientSecret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${appId}:${clientSecret}`).toString('base64')}` };
}

/**
 * Sends one request through the route table to the real Lambda handler, with the
 * event API Gateway would build: no HTTP server, no mocks.
 */
export async function api(method: string, path: string, call: ApiCall = {}): Promise<ApiResult> {
  const url = new URL(path, 'http://127.0.0.1');
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const { body, contentType } = encodeBody(call);
  const headers = requestHeaders(call, contentType);
  const { functionName, event } = routeRequest({ method: method.toUpperCase(), url, headers, body, sourceIp: '127.0.0.1' });
  const handler = await loadHandler(functionName);
  const raw = await handler(event, lambdaContext(functionName));
  const responseHeaders: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw.headers ?? {})) responseHeaders[key.toLowerCase()] = String(value);
  return { status: raw.statusCode, headers: responseHeaders, json: parseJson(raw.body), raw };
}
