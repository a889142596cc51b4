import { errorStyleForPath } from '../../lib/http/responses.js';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { tableName } from '../../lib/db/table-name.js';
import { db } from '../../lib/db/client.js';
import { errorCatalog } from '../../lib/http/error-catalog.js';
import { lambdaContext, loadHandler, toApiGatewayEvent } from '../../tools/local/server.js';
import { matchRoute } from '../../lib/route-matching.js';
import { fallbackFunction } from '../../lib/routes.js';
import type { ApiResult } from './api.js';

/**
 * The fuzzing harness: sends one arbitrary request through the route table to the
 * real handler (an API Gateway proxy event, as test/support/api.ts does, but with a
 * raw path, raw headers and optionally a base64 body), checks the answer against the
 * contract and checks that a rejected request changed nothing in the table.
 */

export interface FuzzRequest {
  method: string;
  /** The path as sent on the wire: segments already percent-encoded (or deliberately not). */
  path: string;
  headers: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** One generated case: the route group it counts for and the request. */
export interface FuzzCase {
  group: string;
  request: FuzzRequest;
  /** Further expectations of this kind of case (e.g. 405 with an Allow header); returns problems. */
  expect?: (result: ApiResult) => string[];
}

export async function sendRaw(request: FuzzRequest): Promise<ApiResult> {
  const url = new URL('http://127.0.0.1/');
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  const match = matchRoute(request.method, request.path);
  const functionName = match?.route.function ?? fallbackFunction;
  const event = toApiGatewayEvent({
    method: request.method,
    url,
    headers: request.headers,
    body: request.body ?? '',
    resource: match?.route.path ?? '/{proxy+}',
    pathParameters: match ? match.pathParameters : { proxy: request.path.slice(1) },
    sourceIp: '127.0.0.1',
  });
  event.path = request.path;
  event.requestContext.path = request.path;
  event.isBase64Encoded = request.isBase64Encoded === true;
  const handler = await loadHandler(functionName);
  const raw = await handler(event, lambdaContext(functionName));
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw.headers ?? {})) headers[key.toLowerCase()] = String(value);
  let json: unknown;
  try {
    json = JSON.parse(raw.body);
  } catch {
    json = undefined;
  }
  return { status: raw.statusCode, headers, json, raw };
}

// ---------------------------------------------------------------------------
// The contract (docs/errors.md)

/** The /api error codes of docs/errors.md and their statuses, written out from the spec (not from the code). */
export const apiErrorStatus: Readonly<Record<string, number>> = {
  unauthorized: 401,
  invalid_client: 401,
  forbidden: 403,
  invalid_request: 400,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
};

/** Spaaza-style error codes documented in docs/errors.md (the catalog is their one definition): `code/name` -> statuses. */
const spaazaErrors = new Map<string, Set<number>>();
for (const spec of Object.values(errorCatalog)) {
  const key = `${spec.code}/${spec.spaazaName}`;
  spaazaErrors.set(key, (spaazaErrors.get(key) ?? new Set()).add(spec.status));
}

/** Fixed texts the service may legitimately answer with; an input equal to a piece of one is not an echo. */
const fixedTexts = Object.values(errorCatalog).map((spec) => spec.message);

/** The Spaaza body style: /auth paths and Spaaza's own alias paths (lib/http/responses.ts decides it). */
const isAuthPath = (path: string) => errorStyleForPath(path.split('?')[0] ?? path) === 'auth';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issueProblems(issues: unknown): string[] {
  if (!Array.isArray(issues)) return ['issues is not an array'];
  return issues.flatMap((issue, index) =>
    isPlainObject(issue) && typeof issue.path === 'string' && typeof issue.message === 'string' && Object.keys(issue).length === 2
      ? []
      : [`issues[${index}] is not {path, message}`],
  );
}

function apiErrorProblems(status: number, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const allowed = new Set(['ok', 'error', 'message', 'issues']);
  for (const key of Object.keys(body)) if (!allowed.has(key)) problems.push(`unexpected key ${key}`);
  if (body.ok !== false) problems.push('ok is not false');
  if (typeof body.error !== 'string' || !(body.error in apiErrorStatus)) problems.push(`error ${String(body.error)} is not an docs/errors.md code`);
  else if (apiErrorStatus[body.error] !== status) problems.push(`error ${body.error} answered with status ${status}`);
  if (typeof body.message !== 'string' || body.message.length === 0) problems.push('message is not a non-empty string');
  if (body.error === 'invalid_request') problems.push(...issueProblems(body.issues));
  else if ('issues' in body) problems.push('issues outside invalid_request');
  return problems;
}

function authErrorProblems(status: number, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(body)) if (key !== 'result' && key !== 'error') problems.push(`unexpected key ${key}`);
  const result = body.result as Record<string, unknown> | undefined;
  if (!isPlainObject(result) || result.code !== 2 || result.status !== 'error' || Object.keys(result).length !== 2) {
    problems.push('result is not {code: 2, status: "error"}');
  }
  const error = body.error;
  if (!isPlainObject(error)) return [...problems, 'error is not an object'];
  if (!Number.isInteger(error.code)) problems.push('error.code is not an integer');
  if (typeof error.name !== 'string' || !/^[a-z_]+$/.test(error.name)) problems.push('error.name is not a snake_case name');
  if (typeof error.description !== 'string' || error.description.length === 0) problems.push('error.description is not a non-empty string');
  const statuses = spaazaErrors.get(`${String(error.code)}/${String(error.name)}`);
  if (!statuses) problems.push(`error ${String(error.code)} ${String(error.name)} is not documented`);
  else if (!statuses.has(status)) problems.push(`error ${String(error.name)} answered with status ${status}`);
  if ('issues' in error) problems.push(...issueProblems(error.issues));
  for (const key of Object.keys(error)) if (!['code', 'name', 'description', 'issues'].includes(key)) problems.push(`unexpected error.${key}`);
  return problems;
}

/** Every string a request carries that an error body must not repeat (long enough not to collide with fixed text by chance). */
export function probeStrings(request: FuzzRequest, minLength = 12): string[] {
  const found = new Set<string>();
  const add = (value: string) => {
    const text = value.trim();
    if (text.length >= minLength && !fixedTexts.some((fixed) => fixed.includes(text))) found.add(text);
  };
  const walk = (value: unknown, depth: number): void => {
    if (depth > 50) return;
    if (typeof value === 'string') add(value);
    else if (Array.isArray(value)) value.forEach((item) => walk(item, depth + 1));
    else if (isPlainObject(value)) {
      // Keys are not probed: an issue's `path` rightly names the field it is about.
      for (const item of Object.values(value)) walk(item, depth + 1);
    }
  };
  for (const [name, value] of Object.entries(request.headers)) if (name.toLowerCase() !== 'content-type') add(value);
  for (const value of Object.values(request.query ?? {})) add(value);
  for (const segment of request.path.split('/')) {
    add(segment);
    add(safeDecode(segment));
  }
  const text = bodyText(request);
  if (text !== undefined) {
    try {
      walk(JSON.parse(text), 0);
    } catch {
      // not JSON: the form fields, else the text itself
      for (const value of new URLSearchParams(text).values()) add(value);
      if (!text.includes('=')) add(text);
    }
  }
  return [...found];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function bodyText(request: FuzzRequest): string | undefined {
  if (request.body === undefined) return undefined;
  return request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
}

/**
 * What is wrong with an answer, by the contract: never a 5xx (nor 1xx/3xx), always JSON
 * (never HTML) with the JSON content type, a 4xx in the route's error format with a
 * documented code whose status matches, a 2xx in the route's success format, and no
 * error body that repeats what the request sent.
 */
export function contractProblems(request: FuzzRequest, result: ApiResult): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(result.status) || result.status < 200 || result.status >= 500 || (result.status >= 300 && result.status < 400)) {
    problems.push(`status ${result.status}`);
  }
  if (result.headers['content-type'] !== 'application/json; charset=utf-8') problems.push(`content-type ${result.headers['content-type']}`);
  const text = result.raw.body ?? '';
  // A 2xx may return stored text the caller sent (a variant's description), markup included, inside its JSON.
  if (/^\s*</.test(text) || (result.status >= 400 && /<html|<body|<!doctype/i.test(text))) problems.push('HTML body');
  if (!isPlainObject(result.json)) return [...problems, 'body is not a JSON object'];
  const body = result.json;
  const auth = isAuthPath(request.path);
  if (result.status >= 400) {
    problems.push(...(auth ? authErrorProblems(result.status, body) : apiErrorProblems(result.status, body)));
    for (const probe of probeStrings(request)) {
      const escaped = JSON.stringify(probe).slice(1, -1);
      if (text.includes(probe) || text.includes(escaped)) problems.push(`error body repeats the input ${JSON.stringify(probe.slice(0, 60))}`);
    }
  } else if (auth) {
    const result2 = body.result as Record<string, unknown> | undefined;
    if (!isPlainObject(result2) || result2.code !== 1 || result2.status !== 'ok' || !isPlainObject(body.results)) problems.push('not a Spaaza success body');
  } else if (body.ok !== true) {
    problems.push('not an /api success body');
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Stored data

/**
 * Writes a rejected request may make, by the contract, left out of every comparison:
 * - the failure counters (`THROTTLE#...`): failed logins and failed Basic authentications
 *   are counted (docs/security.md, Throttling, docs/security.md);
 * - `lastUsedAt` of a client secret: written, at most once a minute, when a secret
 *   authenticates a request, even if its body is then refused (rotation bookkeeping).
 */
const isThrottleKey = (pk: string) => pk.startsWith('THROTTLE#');

function comparable(item: Record<string, unknown>): string | undefined {
  if (typeof item.pk === 'string' && isThrottleKey(item.pk)) return undefined;
  const copy: Record<string, unknown> = { ...item };
  if (copy.type === 'clientSecret') delete copy.lastUsedAt;
  return stableJson(copy);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value instanceof Set) return `set(${[...value].map((item) => stableJson(item)).sort().join(',')})`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export type TableSnapshot = Map<string, string>;

const itemKey = (pk: unknown, sk: unknown) => `${String(pk)} | ${String(sk)}`;

/** Every item of the test file's table (consistent Scan), by key, minus the writes listed above. */
export async function snapshotTable(): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = new Map();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName(), ConsistentRead: true, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const text = comparable(item);
      if (text !== undefined) snapshot.set(itemKey(item.pk, item.sk), text);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return snapshot;
}

export interface SnapshotDifference {
  key: string;
  change: string;
}

export function snapshotDifferences(before: TableSnapshot, after: TableSnapshot): SnapshotDifference[] {
  const differences: SnapshotDifference[] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) differences.push({ key, change: `added ${key}` });
    else if (before.get(key) !== value) differences.push({ key, change: `changed ${key}: ${before.get(key)} -> ${value}` });
  }
  for (const key of before.keys()) if (!after.has(key)) differences.push({ key, change: `deleted ${key}` });
  return differences;
}

/** A key attribute as the document client (plain) or the low-level client (`{S: ...}`) carries it. */
function keyValue(value: unknown): string {
  if (isPlainObject(value) && typeof value.S === 'string') return value.S;
  if (isPlainObject(value) && typeof value.N === 'string') return value.N;
  return String(value);
}

interface RecordedWrite {
  pk: string;
  sk: string;
}

function writesOf(commandName: string, input: Record<string, unknown>): RecordedWrite[] {
  const write = (_kind: 'put' | 'update' | 'delete', key: unknown): RecordedWrite => {
    const record = (isPlainObject(key) ? key : {}) as Record<string, unknown>;
    return { pk: keyValue(record.pk), sk: keyValue(record.sk) };
  };
  const name = commandName.replace(/(Item|Items)?Command$/, '');
  if (name === 'Put') return [write('put', input.Item)];
  if (name === 'Update') return [write('update', input.Key)];
  if (name === 'Delete') return [write('delete', input.Key)];
  if (name === 'TransactWrite') {
    return ((input.TransactItems ?? []) as Array<Record<string, Record<string, unknown> | undefined>>).flatMap((item) => {
      if (item.Put) return [write('put', item.Put.Item)];
      if (item.Update) return [write('update', item.Update.Key)];
      if (item.Delete) return [write('delete', item.Delete.Key)];
      return [];
    });
  }
  if (name === 'BatchWrite') {
    return Object.values((input.RequestItems ?? {}) as Record<string, Array<Record<string, Record<string, unknown> | undefined>>>).flatMap((requests) =>
      requests.flatMap((request) => (request.PutRequest ? [write('put', request.PutRequest.Item)] : request.DeleteRequest ? [write('delete', request.DeleteRequest.Key)] : [])),
    );
  }
  return [];
}

/**
 * Records the keys of every write DynamoDB accepted, through a middleware on the shared
 * client (the handlers' own). Conditional writes that failed changed nothing and are not
 * recorded; an accepted write may still have changed nothing (a blind delete of an absent item).
 */
function recordWrites(): { take: () => RecordedWrite[]; stop: () => void } {
  let writes: RecordedWrite[] = [];
  const name = `fuzz-writes-${Math.random().toString(36).slice(2)}`;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      writes.push(...writesOf(context.commandName ?? '', (args.input ?? {}) as Record<string, unknown>));
      return output;
    },
    { step: 'initialize', name },
  );
  return {
    take: () => {
      const taken = writes;
      writes = [];
      return taken;
    },
    stop: () => {
      db.middlewareStack.remove(name);
    },
  };
}

// ---------------------------------------------------------------------------
// Running

/**
 * FUZZ_SEED reproduces a run. CI (CI=true) uses a fixed seed so a landing is
 * deterministic; a developer's run explores new inputs each time. Printed with the summary
 * and with any failure.
 */
const ciSeed = 20261121;
const inCi = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
export const fuzzSeed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : inCi ? ciSeed : Date.now() % 2 ** 31;

/** A developer's run tries this share of each property's cases: a fresh seed every run covers the rest over time. */
export const developerShare = 0.25;

/**
 * Cases per property: the file's full size in CI (CI=true) or with FUZZ_FULL=1, a quarter
 * by default (the developer loop), FUZZ_RUNS exactly when set.
 */
export function fuzzRuns(fullSize: number): number {
  if (process.env.FUZZ_RUNS) return Number(process.env.FUZZ_RUNS);
  if (inCi || process.env.FUZZ_FULL === '1') return fullSize;
  return Math.max(10, Math.ceil(fullSize * developerShare));
}

/** How to rerun exactly this run's cases. */
const rerunHint = (numRuns: number) => `rerun with FUZZ_SEED=${fuzzSeed} FUZZ_RUNS=${numRuns}`;

export interface FuzzTally {
  cases: number;
  /** Per route group: answers counted by status and error name (`400 invalid_parameter`). */
  byGroup: Map<string, Map<string, number>>;
}

export function newTally(): FuzzTally {
  return { cases: 0, byGroup: new Map() };
}

function outcomeOf(result: ApiResult): string {
  const body = result.json as { error?: unknown } | undefined;
  const error = body?.error;
  const name = typeof error === 'string' ? error : isPlainObject(error) && typeof error.name === 'string' ? error.name : undefined;
  return name ? `${result.status} ${name}` : String(result.status);
}

function describeRequest(request: FuzzRequest): string {
  const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text);
  return clip(JSON.stringify({ ...request, body: request.body === undefined ? undefined : clip(request.body) }));
}

export interface FuzzOptions {
  numRuns: number;
  /** Offsets the seed so each property of a run explores different values. */
  seedOffset: number;
  /** Called after an accepted (2xx) case, to restore what the case consumed (a session, a secret...). */
  afterAccepted?: (fuzzCase: FuzzCase, result: ApiResult) => Promise<void>;
}

/** The comparable state of the written items now (consistent reads), to update or check the baseline. */
async function readBack(writes: RecordedWrite[]): Promise<Map<string, string | undefined>> {
  const unique = new Map(writes.map((write) => [itemKey(write.pk, write.sk), write]));
  const entries = await Promise.all(
    [...unique].map(async ([key, write]) => {
      const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: { pk: write.pk, sk: write.sk }, ConsistentRead: true }));
      return [key, Item ? comparable(Item) : undefined] as const;
    }),
  );
  return new Map(entries);
}

/**
 * Runs one batch of cases. Each answer must meet the contract. Stored data: the table is
 * Scanned before the batch; every write DynamoDB accepts during a case is recorded and
 * its item read back, and after a rejected (4xx) case each such item must still equal
 * the baseline (accepted cases, and restoring what they consumed, update the baseline).
 * After the batch a second Scan must equal the baseline exactly, so a write the recorder
 * missed is caught too.
 */
export async function runFuzz(cases: fc.Arbitrary<FuzzCase>, tally: FuzzTally, options: FuzzOptions): Promise<void> {
  const baseline = await snapshotTable();
  const recorder = recordWrites();
  const apply = (state: Map<string, string | undefined>) => {
    for (const [key, value] of state) {
      if (value === undefined) baseline.delete(key);
      else baseline.set(key, value);
    }
  };
  try {
    await fc.assert(
      fc.asyncProperty(cases, async (fuzzCase) => {
        recorder.take();
        const result = await sendRaw(fuzzCase.request);
        const problems = [...contractProblems(fuzzCase.request, result), ...(fuzzCase.expect?.(result) ?? [])];
        if (result.status >= 400) {
          const state = await readBack(recorder.take());
          const changed = [...state].filter(([key, value]) => baseline.get(key) !== value).map(([key]) => key);
          if (changed.length > 0) problems.push(`a rejected request changed stored data: ${changed.slice(0, 5).join(', ')}`);
          apply(state);
        } else {
          await options.afterAccepted?.(fuzzCase, result);
          apply(await readBack(recorder.take()));
        }
        tally.cases += 1;
        const outcomes = tally.byGroup.get(fuzzCase.group) ?? new Map<string, number>();
        outcomes.set(outcomeOf(result), (outcomes.get(outcomeOf(result)) ?? 0) + 1);
        tally.byGroup.set(fuzzCase.group, outcomes);
        if (problems.length > 0) {
          throw new Error(`${fuzzCase.group}: ${problems.join('; ')}\nrequest: ${describeRequest(fuzzCase.request)}\nanswer: ${result.status} ${result.raw.body.slice(0, 500)}`);
        }
      }),
      {
        numRuns: options.numRuns,
        seed: fuzzSeed + options.seedOffset,
        endOnFailure: true,
        // The case is already described (clipped) in the error; fast-check's own report would print huge inputs whole.
        asyncReporter: async (details) => {
          if (details.failed) {
            const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
            throw new Error(`fuzz case failed (seed ${details.seed}, path ${details.counterexamplePath}; ${rerunHint(options.numRuns)}): ${cause}`);
          }
        },
      },
    );
  } finally {
    recorder.stop();
  }
  const unexplained = snapshotDifferences(baseline, await snapshotTable());
  if (unexplained.length > 0) {
    throw new Error(`stored data changed without a recorded write (${rerunHint(options.numRuns)}): ${unexplained.slice(0, 5).map((difference) => difference.change).join('; ')}`);
  }
}

/** The summary each fuzz file prints: cases, route groups and seed, then each group's answers. */
export function summarize(name: string, tally: FuzzTally): string {
  const lines = [...tally.byGroup.entries()].map(([group, outcomes]) => {
    const total = [...outcomes.values()].reduce((sum, count) => sum + count, 0);
    const spread = [...outcomes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([outcome, count]) => `${outcome} x${count}`)
      .join(', ');
    return `  ${group}: ${total} (${spread})`;
  });
  const size = inCi || process.env.FUZZ_FULL === '1' || process.env.FUZZ_RUNS ? '' : `, ${developerShare * 100}% of full size: FUZZ_FULL=1 for all`;
  return [`fuzz ${name}: ${tally.cases} cases across ${tally.byGroup.size} route groups (seed ${fuzzSeed}${size})`, ...lines].join('\n');
}
