import { createHash, randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { nowMs } from '../clock.js';
import type { TableKey } from '../db/table-key.js';
import {
  claimIdempotencyRecord,
  completeIdempotencyRecord,
  idempotencyRecordKey,
  readIdempotencyRecord,
  releaseIdempotencyRecord,
  takeOverIdempotencyRecord,
  type IdempotencyRecordItem,
} from '../entities/idempotency-record.js';
import { invalidRequest, SignetError } from '../errors.js';
import { logger } from '../logger.js';
import { remainingMs, type IdempotencyAttempt } from '../request-context.js';
import { isIdempotentRoute, type HttpMethod } from '../route-kinds.js';
import { bodyWithoutSecrets } from '../secrets/redact.js';
import type { ProxyEvent } from './request.js';
import type { IdempotencyStep, IdempotencySteps } from './types.js';

/**
 * Idempotency keys (docs/architecture.md, Idempotency keys), written on lib/db rather than with Powertools'
 * Idempotency utility (docs/architecture.md says why). One record per (caller, method,
 * route, key) in the single table:
 * 1. claim: a new key is put IN_PROGRESS, owned by this attempt until the request's
 *    deadline (its lease);
 * 2. every TransactWriteItems of the request also writes the use case's result into the
 *    record, on condition that this attempt still owns it (lib/db/operations.ts);
 * 3. finish: a completed answer (2xx, 4xx but 429) is stored; otherwise the lease is
 *    released and the key is free for a retry.
 * A retry of the same request replays a stored answer; one that finds an expired lease
 * takes the key over, and if a transaction of the lost attempt had committed, the
 * optimistic runner returns its result instead of writing again: exactly once.
 */

export const idempotencyHeader = 'idempotency-key';
const keyPattern = /^[\x20-\x7e]{1,255}$/;
const retentionSeconds = 24 * 3600;

/*
 * Two clocks, on purpose. Leases (`leaseEndsAt`) use the real wall clock, Date.now():
 * a lease lasts as long as the request's real deadline (remainingMs(), real monotonic
 * time), and an attempt still running in another container must not be taken over
 * because a test or a skewed injected clock moved. Retention (`ttl`) uses the injected
 * clock, nowMs(): it is domain time, so tests can move past the 24 h without waiting.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The caller part of the scope: the app for Basic auth, the app and user for a member, the
 * user for an admin session, nobody for add-user. A member route's identity is the member's
 * credentials (lib/handlers/member.ts: the use case proves them with its first read), so
 * there the app is the hostname header that names it.
 */
export function callerScope(identity: unknown): string {
  const candidate = (identity ?? {}) as { clientId?: unknown; userId?: unknown; appId?: unknown; hostname?: unknown };
  if (typeof candidate.clientId === 'string') return `app:${candidate.clientId}`;
  if (typeof candidate.appId === 'string' && typeof candidate.userId === 'number') return `member:${candidate.appId}:${candidate.userId}`;
  if (typeof candidate.hostname === 'string' && typeof candidate.userId === 'number') return `member-at:${candidate.hostname}:${candidate.userId}`;
  if (typeof candidate.userId === 'number') return `user:${candidate.userId}`;
  return 'anonymous';
}

/** The query string in one canonical form: names and values sorted, repeats kept. */
function canonicalQuery(event: ProxyEvent): string {
  const pairs: [string, string][] = [];
  const multi = event.multiValueQueryStringParameters ?? {};
  for (const [name, values] of Object.entries(multi)) for (const value of values ?? []) pairs.push([name, value]);
  if (pairs.length === 0) for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) pairs.push([name, value]);
  pairs.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  return new URLSearchParams(pairs).toString();
}

/** What makes two requests "the same" (issue 21): method, path, canonical query, content type and body. */
function fingerprintOf(event: ProxyEvent, rawBody: string): string {
  const contentType = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return sha256(JSON.stringify([event.httpMethod, event.path, canonicalQuery(event), contentType.trim().toLowerCase(), rawBody]));
}

function inFlight(leaseEndsAt: number): SignetError {
  const seconds = Math.max(1, Math.ceil((leaseEndsAt - Date.now()) / 1000));
  return new SignetError('conflict', 'A request with this Idempotency-Key is still in progress', { headers: { 'Retry-After': String(seconds) } });
}

function replayOf(record: IdempotencyRecordItem): APIGatewayProxyResult {
  const stored = record.response as NonNullable<IdempotencyRecordItem['response']>;
  return { statusCode: stored.statusCode, headers: { ...stored.headers, 'Idempotent-Replayed': 'true' }, body: stored.body };
}

/**
 * Runs after authentication (the scope needs the caller) and before validation. Routes
 * without idempotency, and requests without the header, are left alone.
 */
export async function claimIdempotencyKey(event: ProxyEvent, rawBody: string, identity: unknown): Promise<IdempotencyStep> {
  const route = { method: event.httpMethod as HttpMethod, path: event.resource ?? '' };
  const key = event.headers[idempotencyHeader];
  if (!isIdempotentRoute(route) || key === undefined) return { kind: 'none' };
  if (!keyPattern.test(key)) {
    throw invalidRequest([{ path: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' }], 'The Idempotency-Key header is invalid');
  }
  const recordKey = idempotencyRecordKey(sha256(JSON.stringify([callerScope(identity), route.method, route.path, key])));
  const fingerprint = fingerprintOf(event, rawBody);
  const attemptId = randomUUID();
  const leaseEndsAt = Date.now() + Math.max(0, Math.min(remainingMs(), 60_000));
  const nowSeconds = Math.floor(nowMs() / 1000);
  const fresh: IdempotencyRecordItem = { type: 'idempotencyRecord', fingerprint, status: 'IN_PROGRESS', attemptId, leaseEndsAt, ttl: nowSeconds + retentionSeconds };
  // New, or kept past its 24 h (TTL deletion lags): this attempt owns it.
  if (await claimIdempotencyRecord(recordKey, fresh, nowSeconds)) return { kind: 'claimed', attempt: { recordKey, attemptId } };
  const record = await readIdempotencyRecord(recordKey);
  if (!record) throw inFlight(Date.now() + 1000); // deleted between the two calls: the client retries
  if (record.fingerprint !== fingerprint) throw new SignetError('idempotencyKeyReused');
  if (record.status === 'COMPLETED') return { kind: 'replay', response: replayOf(record) };
  if (record.leaseEndsAt > Date.now()) throw inFlight(record.leaseEndsAt);
  return takeOver(recordKey, record, attemptId, leaseEndsAt);
}

/** The earlier attempt's lease ran out (its answer was lost): this one owns the key now. */
async function takeOver(recordKey: TableKey, record: IdempotencyRecordItem, attemptId: string, leaseEndsAt: number): Promise<IdempotencyStep> {
  // The record as taken over: the earlier attempt's transaction may have committed since it was read.
  const taken = await takeOverIdempotencyRecord(recordKey, record.attemptId, attemptId, leaseEndsAt);
  if (!taken) throw inFlight(Date.now() + 1000); // another retry took it first
  const committedResult = taken.committedResult === undefined ? undefined : (JSON.parse(taken.committedResult) as unknown);
  return { kind: 'claimed', attempt: { recordKey, attemptId, ...(committedResult === undefined ? {} : { committedResult }) } };
}

const storable = (statusCode: number) => (statusCode >= 200 && statusCode < 300) || (statusCode >= 400 && statusCode < 500 && statusCode !== 429);

/** Stores a completed answer, or frees the key for a retry. Bookkeeping: a failure here is logged, never the answer. */
export async function finishIdempotencyKey(attempt: IdempotencyAttempt, response: APIGatewayProxyResult): Promise<void> {
  try {
    if (storable(response.statusCode)) {
      const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name, String(value)]));
      // never a client secret at rest: a replay answers with the ids and says why (lib/secrets/redact.ts)
      const stored = { statusCode: response.statusCode, headers, body: bodyWithoutSecrets(response.body) };
      await completeIdempotencyRecord(attempt.recordKey, attempt.attemptId, stored);
    } else {
      // Keep the record (it may hold a committed result); only end the lease.
      await releaseIdempotencyRecord(attempt.recordKey, attempt.attemptId);
    }
  } catch (error) {
    logger.warn('could not finish the idempotency record', { errorName: error instanceof Error ? error.name : 'unknown' });
  }
}

/** The step the handler factories hand to createHandler (lib/http/handler.ts). */
export const idempotencySteps: IdempotencySteps = { claim: claimIdempotencyKey, finish: finishIdempotencyKey };
