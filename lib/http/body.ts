import { SignetError } from '../errors.js';
import type { ProxyEvent } from './request.js';

export type BodyKind = 'none' | 'json' | 'form' | 'text';

/**
 * A route that takes a plain-text body (e.g. text/csv) instead of JSON or a form: only that
 * type. The size limit stays MAX_BODY_BYTES, which the WAF enforces at the edge as well.
 */
export interface TextBodyRule {
  mediaType: string;
}

/** What a route accepts besides JSON: a text type of its own, or (the /api routes) nothing else. */
export interface BodyRules {
  text?: TextBodyRule;
  jsonOnly: boolean;
}

/** The raw body as text, base64 decoded when API Gateway encoded it. */
export function rawBody(event: ProxyEvent): string {
  if (typeof event.body !== 'string' || event.body.length === 0) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * Decides how to read the body, in the contract's order: size, then content type.
 * A request without a body needs no content type.
 */
export function classifyBody(event: ProxyEvent, contentType: string | undefined, maxBytes: number, rules: BodyRules = { jsonOnly: false }): BodyKind {
  const textRule = rules.text;
  const text = rawBody(event);
  if (text.trim().length === 0) return 'none';
  // More characters than bytes allowed is over the limit without counting (each is >= 1 byte).
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new SignetError('payloadTooLarge', `The request body exceeds ${maxBytes} bytes`);
  }
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (textRule) {
    if (mediaType === textRule.mediaType) return 'text';
    throw new SignetError('unsupportedMediaType', `Send ${textRule.mediaType}`);
  }
  if (mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType)) return 'json';
  const looksLikeJson = /^\s*[{[]/.test(text);
  // `curl -d '{...}'` sends JSON as a form: read as one, it would fail validation field by field.
  if (mediaType === 'application/x-www-form-urlencoded' && looksLikeJson) {
    throw new SignetError('unsupportedMediaType', 'The body is JSON but was sent as application/x-www-form-urlencoded: send Content-Type: application/json');
  }
  // The /api routes document JSON only: a form or text body is refused, not read field by field.
  if (rules.jsonOnly) throw new SignetError('unsupportedMediaType', mediaType === '' ? 'The body has no Content-Type: send Content-Type: application/json' : 'This route takes JSON only: send Content-Type: application/json');
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (mediaType === '') throw new SignetError('unsupportedMediaType', 'The body has no Content-Type: send Content-Type: application/json (or application/x-www-form-urlencoded)');
  throw new SignetError('unsupportedMediaType');
}

/** Where JSON.parse stopped, from its message, as a position in the text (undefined if it names none). */
function parseStopPosition(message: string, text: string): number | undefined {
  const stated = /at position (\d+)/.exec(message);
  if (stated) return Number(stated[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const token = /^Unexpected token '(.+?)'/su.exec(message)?.[1];
  const index = token === undefined ? -1 : text.indexOf(token);
  return index >= 0 ? index : undefined;
}

/**
 * Invalid JSON as a 400 whose issue says where parsing stopped (position, line, column),
 * so the sender can find the mistake. Numbers only: an error body never repeats the input
 * (JSON.parse's own message quotes it).
 */
export function malformedJson(text: string): SignetError {
  let position: number | undefined;
  try {
    JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) position = parseStopPosition(error.message, text);
  }
  let message = 'Not valid JSON';
  if (position !== undefined) {
    const before = text.slice(0, position).split('\n');
    message = `Not valid JSON: parsing stopped at position ${position} (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
  }
  return new SignetError('malformedBody', 'The request body is not valid JSON', { issues: [{ path: '(body)', message }] });
}

export function parseForm(text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    fields[key] = value;
  }
  return fields;
}

export function requireObject(parsed: unknown): Record<string, unknown> {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SignetError('malformedBody', 'The JSON body must be an object');
  }
  return parsed as Record<string, unknown>;
}

/** The body a use case sees, by its kind: JSON as parsed (an object), a form's fields, text as `{ text }`, none as `{}`. */
export function bodyOfKind(kind: BodyKind, parsedJson: () => unknown, raw: () => string): Record<string, unknown> {
  if (kind === 'json') return requireObject(parsedJson());
  if (kind === 'form') return parseForm(raw());
  if (kind === 'text') return { text: raw() };
  return {};
}

/**
 * The body as the body reader will see it, for a read started before it runs
 * (lib/http/handler.ts, `readAhead`): undefined whenever the reader would refuse it.
 * Never throws; the reader still decides the request's answer.
 */
export function peekBody(event: ProxyEvent, maxBytes: number, rules: BodyRules): Record<string, unknown> | undefined {
  try {
    const kind = classifyBody(event, event.headers['content-type'], maxBytes, rules);
    return bodyOfKind(kind, () => JSON.parse(rawBody(event)), () => rawBody(event));
  } catch {
    return undefined;
  }
}
