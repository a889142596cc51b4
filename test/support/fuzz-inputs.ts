import fc from 'fast-check';
import type { FuzzRequest } from './fuzz.js';

/**
 * Arbitraries of hostile input for the fuzz tests: strings, JSON values, bodies in every
 * encoding, headers, Authorization values and path segments. Route-aware generators mix
 * them with valid values (test/support/fuzz-routes.ts) so validation code runs, not only
 * the first check that fails.
 */

/** A value read when a case is generated, not when the arbitrary is built (the seeded world changes). */
export const live = <T>(read: () => T): fc.Arbitrary<T> => fc.constant(0).map(() => read());

const specialCharacters = [
  '\u0000', '\u0001', '\u001f', '\u007f', '\u202e', '\u200f', '\u200b', '\ufeff', '\u2028', '\ud800', '\udfff', '\uffff',
  '%', '\\', '"', "'", '<', '>', '&', '#', ':', '/', '?', '=', ';', ',', '+', '*', '\u00ff', '\u00e9', '\r', '\n', '\t', ' ',
  '\u{1f44d}\u{1f3fd}', '\u{1d54f}', '\u0645\u0631\u062d\u0628\u0627', '\u4e2d\u6587', 'e\u0301',
];

const trickyConstants = [
  '', ' ', 'null', 'undefined', 'true', 'false', '0', '-1', '1e309', 'NaN', '__proto__', 'constructor', 'prototype',
  'toString', 'hasOwnProperty', '<script>alert(1)</script>', '<html><body>x</body></html>', '../../etc/passwd',
  '${jndi:ldap://127.0.0.1/x}', "' OR '1'='1", '{{7*7}}', '%00', '%zz', '\u0000\u0000', 'PRO', 'free', 'Revoked', 'MONTH',
  'lifetime', 'M', 'F', 'other', '1990-02-30', '2999-01-01T00:00:00Z', '2000-01-01T00:00:00Z', '2031-01-01T00:00:00',
  'app_0000000000000000000z', 'XX1234', 'sec_0000000000000000',
];

/** Unmistakable input: an error body that contains it has echoed the request. */
export const canary = fc.string({ unit: fc.constantFrom(...'abcdefghjkmnpqrstvwxyz23456789'), minLength: 10, maxLength: 10 }).map((tail) => `canary-${tail}`);

/** Strings of a few hundred to tens of thousands of characters (some over MAX_BODY_BYTES once encoded). */
export const hugeString = fc
  .tuple(fc.constantFrom('a', '\u00e9', '\u{1f600}', '\u0000', 'ab ', '%', '\ud800'), fc.integer({ min: 256, max: 20_000 }))
  .map(([unit, count]) => unit.repeat(count));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 30 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...specialCharacters), maxLength: 20 }), weight: 2 },
  { arbitrary: fc.constantFrom(...trickyConstants), weight: 3 },
  { arbitrary: canary, weight: 2 },
  { arbitrary: hugeString, weight: 1 },
);

/** Arrays (or objects) nested hundreds to thousands of levels deep. */
export const deepNesting = fc.tuple(fc.integer({ min: 20, max: 3000 }), fc.boolean()).map(([depth, asObject]) => {
  let value: unknown = 'x';
  for (let level = 0; level < depth; level += 1) value = asObject ? { a: value } : [value];
  return value;
});

/** Any JSON-serializable value a field might receive instead of what it expects. */
export const anyFieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 6 },
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1, -1, 2 ** 53, 1e308, 4294967296)), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.array(nastyString, { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
);

/** Keys that must never reach an object's prototype or be treated as anything but data. */
export const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** `[key, value]` pairs: serialized by hand so `__proto__` stays an own key and keys may repeat. */
export type Fields = Array<[string, unknown]>;

/** A body field: values the route accepts, and (optionally) the odd values most likely to trip it. */
export interface FieldSpec {
  valid: fc.Arbitrary<unknown>;
  odd?: fc.Arbitrary<unknown>;
  required?: boolean;
}

const oddValue = (spec: FieldSpec) => (spec.odd ? fc.oneof(spec.odd, anyFieldValue) : anyFieldValue);

/**
 * A body's fields, in three mixes: all valid (the use case runs); valid but for one field
 * that is odd or missing (each rule is reached alone); or every field independently
 * present, valid or odd. A few foreign keys (prototype keys, random names) may follow.
 */
export function fieldsFor(spec: Record<string, FieldSpec>): fc.Arbitrary<Fields> {
  const names = Object.keys(spec);
  const field = (name: string) => spec[name] as FieldSpec;
  const validFields = fc
    .tuple(...names.map((name) => fc.tuple(fc.constant(name), field(name).valid, fc.boolean())))
    .map((entries) => entries.filter(([name, , keep]) => keep || field(name).required).map(([name, value]): [string, unknown] => [name, value]));
  const allValid = names.length === 0 ? fc.constant([] as Fields) : validFields;
  const oneOff =
    names.length === 0
      ? fc.constant([] as Fields)
      : fc.tuple(validFields, fc.constantFrom(...names)).chain(([fields, target]) =>
          fc.option(oddValue(field(target)), { freq: 4 }).map((value): Fields => {
            const others = fields.filter(([name]) => name !== target);
            return value === null ? others : [...others, [target, value]];
          }),
        );
  const mixed = fc
    .tuple(
      ...names.map((name) =>
        fc.option(
          fc.oneof({ arbitrary: field(name).valid, weight: 2 }, { arbitrary: oddValue(field(name)), weight: 1 }).map((value): [string, unknown] => [name, value]),
          { freq: 5 },
        ),
      ),
    )
    .map((entries) => entries.filter((entry): entry is [string, unknown] => entry !== null));
  const foreignKey = fc.oneof(fc.constantFrom(...prototypeKeys), nastyString, fc.constantFrom('', ...names));
  const foreign = fc.array(fc.tuple(foreignKey, anyFieldValue), { minLength: 1, maxLength: 3 });
  return fc
    .tuple(
      fc.oneof({ arbitrary: allValid, weight: 2 }, { arbitrary: oneOff, weight: 3 }, { arbitrary: mixed, weight: 2 }),
      fc.oneof({ arbitrary: fc.constant([] as Fields), weight: 3 }, { arbitrary: foreign, weight: 1 }),
    )
    .map(([mine, others]) => [...mine, ...others]);
}

export function jsonObjectText(fields: Fields): string {
  return `{${fields.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

function formValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}

export function formText(fields: Fields): string {
  const form = new URLSearchParams();
  for (const [key, value] of fields) form.append(key, formValue(value));
  return form.toString();
}

const jsonTypes = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=latin1', 'application/vnd.api+json', 'application/json; charset=utf-16'];
const formTypes = ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=ISO-8859-1', 'Application/X-WWW-Form-Urlencoded'];
const otherTypes = ['text/plain', 'text/html', 'multipart/form-data; boundary=xyz', 'application/xml', '', '*/*', 'application/json, text/plain', 'json', 'application/jsonx', 'application/octet-stream'];

export const contentType = fc.oneof(
  { arbitrary: fc.constantFrom(...jsonTypes, ...formTypes, ...otherTypes), weight: 5 },
  { arbitrary: nastyString, weight: 1 },
);

/** Text that is not a JSON object: broken JSON, other JSON values, prototype games, BOMs. */
export const malformedJson = fc.oneof(
  fc.constantFrom(
    '{', '}', '{"a":', '{"a" 1}', "{'a':1}", '{a:1}', '[]', '[1,2]', 'null', 'true', '1', '"text"', '{"a":1}x', '\ufeff{}',
    '{"a":1,}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', 'NaN', '{"a":NaN}',
    '{"a":1e999999}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"a":"\\uZZZZ"}', '\u0000', '{"a":1}\u0000',
  ),
  fc.jsonValue({ maxDepth: 3 }).filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((value) => JSON.stringify(value)),
  deepNesting.map((value) => JSON.stringify(value)),
  fc.tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 1000, max: 12_000 })).map(([open, depth]) => open.repeat(depth)),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 60 }).map((text) => `{${text}`),
);

export const malformedForm = fc.oneof(
  fc.constantFrom('%', '%zz', 'a=%E0%A4%A', '&&&', '===', 'a', '__proto__[polluted]=1', 'a=1&a=2&a=3', '__proto__=x&constructor=y', 'a=%00', '+=+', '%FF%FE=%C0%AF'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

export interface BodyChoice {
  body?: string;
  contentType?: string;
  isBase64Encoded?: boolean;
}

/**
 * A body in one of the ways a client (or API Gateway) can send it: the route's fields as
 * JSON or as a form under a matching or wrong content type, broken JSON or forms, huge
 * bodies, base64-encoded bodies (also bytes that are not UTF-8, and invalid base64),
 * or none at all.
 */
export function bodyFor(fields: fc.Arbitrary<Fields>): fc.Arbitrary<BodyChoice> {
  const json = fc.tuple(fields, fc.constantFrom(...jsonTypes)).map(([value, type]): BodyChoice => ({ body: jsonObjectText(value), contentType: type }));
  const form = fc.tuple(fields, fc.constantFrom(...formTypes)).map(([value, type]): BodyChoice => ({ body: formText(value), contentType: type }));
  const mislabeled = fc
    .tuple(fields, fc.boolean(), contentType)
    .map(([value, asJson, type]): BodyChoice => ({ body: asJson ? jsonObjectText(value) : formText(value), contentType: type }));
  const broken = fc.oneof(
    fc.tuple(malformedJson, fc.constantFrom(...jsonTypes)).map(([body, type]): BodyChoice => ({ body, contentType: type })),
    fc.tuple(malformedForm, fc.constantFrom(...formTypes)).map(([body, type]): BodyChoice => ({ body, contentType: type })),
  );
  const huge = fc
    .tuple(hugeString, fc.constantFrom(...jsonTypes, ...formTypes))
    .map(([text, type]): BodyChoice => ({ body: type.includes('json') ? JSON.stringify({ username: text, password: text, name: text, status: text }) : `status=${text}`, contentType: type }));
  const base64 = fc.oneof(
    json.map((choice): BodyChoice => ({ ...choice, body: Buffer.from(choice.body ?? '', 'utf8').toString('base64'), isBase64Encoded: true })),
    form.map((choice): BodyChoice => ({ ...choice, body: Buffer.from(choice.body ?? '', 'utf8').toString('base64'), isBase64Encoded: true })),
    fc.tuple(fc.uint8Array({ maxLength: 80 }), contentType).map(([bytes, type]): BodyChoice => ({ body: Buffer.from(bytes).toString('base64'), contentType: type, isBase64Encoded: true })),
    fc.tuple(nastyString, contentType).map(([body, type]): BodyChoice => ({ body, contentType: type, isBase64Encoded: true })),
  );
  const none = fc.oneof(
    fc.constant<BodyChoice>({}),
    contentType.map((type): BodyChoice => ({ contentType: type })),
    fc.constantFrom(' ', '\n\t ').map((body): BodyChoice => ({ body, contentType: 'text/plain' })),
  );
  return fc.oneof(
    { arbitrary: json, weight: 8 },
    { arbitrary: form, weight: 4 },
    { arbitrary: mislabeled, weight: 2 },
    { arbitrary: broken, weight: 3 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: base64, weight: 2 },
    { arbitrary: none, weight: 2 },
  );
}

// ---------------------------------------------------------------------------
// Headers

const base64Of = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Authorization values: valid Basic credentials (when given) and every way of getting Basic wrong. */
export function authorization(valid?: () => { clientId: string; secret: string }): fc.Arbitrary<string | undefined> {
  const broken = fc.oneof(
    fc.constant(undefined),
    nastyString,
    nastyString.map((text) => `Basic ${base64Of(text)}`),
    fc.tuple(nastyString, nastyString).map(([id, secret]) => `Basic ${base64Of(`${id}:${secret}`)}`),
    nastyString.map((id) => `Basic ${base64Of(`${id}:`)}`),
    nastyString.map((secret) => `Basic ${base64Of(`:${secret}`)}`),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => `Basic ${Buffer.from(bytes).toString('base64')}`),
    fc.constantFrom('Basic', 'Basic ', 'Basic ====', 'Basic %%%', 'Basic YQ', 'Basic Og==', 'Bearer abc.def', 'Digest username="a"', 'Basic\tYTpi', 'Basic YTpi extra'),
    fc.integer({ min: 1000, max: 9000 }).map((length) => `Basic ${'QUFB'.repeat(length / 4)}`),
  );
  if (!valid) return broken;
  const variants = fc.oneof(
    { arbitrary: live(() => `Basic ${base64Of(`${valid().clientId}:${valid().secret}`)}`), weight: 20 },
    live(() => `basic   ${base64Of(`${valid().clientId}:${valid().secret}`)}  `),
    fc.tuple(live(valid), nastyString).map(([credentials, wrong]) => `Basic ${base64Of(`${credentials.clientId}:${wrong}`)}`),
    fc.tuple(live(valid), fc.constantFrom('x', 'X', '\u0000', ' ')).map(([credentials, suffix]) => `Basic ${base64Of(`${credentials.clientId}:${credentials.secret}${suffix}`)}`),
    live(() => `Basic ${base64Of(`${valid().clientId.toUpperCase()}:${valid().secret}`)}`),
    live(() => `Basic ${base64Of(`app_0000000000000000000z:${valid().secret}`)}`),
  );
  return fc.oneof({ arbitrary: variants, weight: 4 }, { arbitrary: broken, weight: 1 });
}

export const userIdHeader = (valid?: () => string) =>
  fc.oneof(
    ...(valid ? [{ arbitrary: live(valid), weight: 4 }] : []),
    { arbitrary: fc.constantFrom('0', '-1', ' 1 ', '1e3', '0x10', '99999999999', '1.0', '١٢٣', '', '1234567'), weight: 1 },
    { arbitrary: fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String), weight: 1 },
    { arbitrary: nastyString, weight: 1 },
  );

export const sessionKeyHeader = (valid?: () => string) =>
  fc.oneof(
    ...(valid ? [{ arbitrary: live(valid), weight: 4 }, { arbitrary: live(() => valid().toUpperCase()), weight: 1 }, { arbitrary: live(() => ` ${valid()} `), weight: 1 }] : []),
    { arbitrary: fc.stringMatching(/^[0-9a-f]{64}$/), weight: 1 },
    { arbitrary: nastyString, weight: 1 },
  );

export const hostnameHeader = (valid?: () => string) =>
  fc.oneof(
    ...(valid ? [{ arbitrary: live(valid), weight: 4 }, { arbitrary: live(() => ` ${valid().toUpperCase()} `), weight: 1 }] : []),
    { arbitrary: fc.domain(), weight: 1 },
    { arbitrary: fc.constantFrom('', ' ', 'localhost', 'a..b', '-a.com', 'xn--bcher-kva.example', '127.0.0.1', 'HOST#x', 'a.com:443', 'https://a.com/'), weight: 1 },
    { arbitrary: fc.integer({ min: 2000, max: 8000 }).map((length) => `${'a'.repeat(length)}.example.com`), weight: 1 },
    { arbitrary: nastyString, weight: 2 },
  );

export const apiVersionHeader = fc.oneof(
  { arbitrary: fc.constantFrom('1.4.0', '1.4.10', '1.4', '1.3.9', '2.0.0', '99999.0', ' 1.4.10 ', '01.04.10'), weight: 16 },
  { arbitrary: fc.constantFrom('1.4.10.1', 'v1.4.10', '1..4', '', '1.4.x', '99999.99999.99999'), weight: 1 },
  { arbitrary: nastyString, weight: 1 },
);

export const cookieHeader = (valid?: () => string) =>
  fc.oneof(
    ...(valid ? [{ arbitrary: live(() => `signet_session=${valid()}`), weight: 3 }, { arbitrary: live(() => `a=b; signet_session=${valid()}; c`), weight: 1 }] : []),
    { arbitrary: fc.constantFrom('signet_session=', 'signet_session=1.', 'signet_session=.abc', 'signet_session=%zz', 'signet_session=1.%E0%A4%A', '=;;=', 'signet_session'), weight: 1 },
    { arbitrary: nastyString.map((value) => `signet_session=${value}`), weight: 1 },
    { arbitrary: nastyString, weight: 1 },
  );

const headerName = fc.oneof(
  fc.constantFrom('x-spaaza-foo', 'X-Forwarded-For', 'host', 'content-length', 'transfer-encoding', 'x-amzn-trace-id', 'accept', 'origin', 'x-http-method-override', 'X-Spaaza-Session-Key', 'AUTHORIZATION', 'Content-Type'),
  fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/),
);

/** A few unrelated or conflicting headers, names in any letter case. */
export const extraHeaders = fc.oneof(
  { arbitrary: fc.constant({} as Record<string, string>), weight: 3 },
  { arbitrary: fc.dictionary(headerName, nastyString, { maxKeys: 3 }), weight: 1 },
);

/** Header names arrive in whatever letter case the client used. */
export const randomCase = (name: string) => fc.constantFrom(name, name.toUpperCase(), name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase()));

/** Builds a header map from optional entries; later entries win, as the last header value does. */
export function headersOf(entries: Array<[string, string | undefined]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) if (value !== undefined) headers[name] = value;
  return headers;
}

// ---------------------------------------------------------------------------
// Paths and query strings

function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

/** A path parameter: the real value (when given), a well-formed unknown id, or anything. */
export function pathSegment(real?: () => string, wellFormed?: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    ...(real ? [{ arbitrary: live(real).map(encodeSegment), weight: 30 }] : []),
    ...(wellFormed ? [{ arbitrary: wellFormed, weight: 2 }] : []),
    { arbitrary: nastyString.filter((text) => text.length > 0).map(encodeSegment), weight: 3 },
    { arbitrary: fc.constantFrom('..', '.', '%', '%zz', '%E0%A4%A', '%00', '%2F', '%252F', 'a%2Fb', ';', '*', '%20', '~', 'null'), weight: 1 },
    { arbitrary: fc.integer({ min: 300, max: 6000 }).map((length) => 'x'.repeat(length)), weight: 1 },
    { arbitrary: fc.integer({ min: 50, max: 700 }).map((count) => '%F0%9F%98%80'.repeat(count)), weight: 1 },
  );
}

export const randomQuery = (known: Record<string, fc.Arbitrary<string>> = {}) =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    {
      arbitrary: fc
        .tuple(fc.dictionary(nastyString, nastyString, { maxKeys: 3 }), fc.record(known, { requiredKeys: [] }))
        .map(([random, chosen]) => ({ ...random, ...(chosen as Record<string, string>) })),
      weight: 2,
    },
  );

/** Assembles a request from its parts: the body's content type goes with the other headers (which may override it). */
export function request(parts: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: BodyChoice;
  query?: Record<string, string>;
}): FuzzRequest {
  const headers: Record<string, string> = {};
  if (parts.body.contentType !== undefined) headers['Content-Type'] = parts.body.contentType;
  Object.assign(headers, parts.headers);
  return {
    method: parts.method,
    path: parts.path,
    headers,
    query: parts.query,
    body: parts.body.body,
    isBase64Encoded: parts.body.isBase64Encoded,
  };
}
