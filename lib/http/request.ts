import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The normalized view of an API Gateway event that handlers and use cases see. */
export interface HttpRequest {
  method: string;
  path: string;
  /** Header names lower-cased; the last value wins. */
  headers: Record<string, string>;
  query: Record<string, string>;
  pathParameters: Record<string, string>;
  /** Parsed JSON object or form fields; `{}` when the request had no body. */
  body: Record<string, unknown>;
  cookies: Record<string, string>;
  requestId: string;
  sourceIp: string;
}

export interface HttpResponse {
  statusCode?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type ProxyEvent = APIGatewayProxyEvent;

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 1) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

function definedValues(source: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(source ?? {})) {
    if (typeof value === 'string') result[key] = value;
  }
  return result;
}

function lowerCaseHeaders(source: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(source ?? {})) {
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
  }
  return headers;
}

/**
 * Replaces the event's headers by their lower-cased copy, once per request: the handler
 * factory's first step, so every later step (client address, authentication, body
 * reading, toHttpRequest) reads them as they are.
 */
export function normalizeHeaders(event: ProxyEvent): void {
  event.headers = lowerCaseHeaders(event.headers);
}

/** The request as use cases see it, from an event whose headers normalizeHeaders lower-cased. */
export function toHttpRequest(event: ProxyEvent, body: Record<string, unknown>): HttpRequest {
  const headers = event.headers as Record<string, string>;
  return {
    method: (event.httpMethod ?? 'GET').toUpperCase(),
    path: event.path ?? '/',
    headers,
    query: definedValues(event.queryStringParameters),
    pathParameters: definedValues(event.pathParameters),
    body,
    cookies: parseCookies(headers.cookie),
    requestId: event.requestContext?.requestId ?? 'local',
    sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
  };
}
