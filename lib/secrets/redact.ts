/**
 * No client secret at rest (issue 21): what an idempotency record keeps (the stored
 * answer and the committed result) never holds one. A `clientSecret` string becomes
 * null beside a statement that it cannot be shown again, so a replay answers with the
 * ids only. The first answer, sent once over TLS, is the only place a secret appears.
 */
export const secretFieldName = 'clientSecret';
export const secretNotShownAgain =
  'This is a replay of an earlier request: the client secret was shown only in the first answer and is never stored, so it cannot be shown again. If it was lost, delete this secret and create a new one.';

export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((entry: unknown) => withoutSecrets(entry)) as T;
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  let redacted = false;
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    if (name === secretFieldName && typeof field === 'string') {
      result[name] = null;
      redacted = true;
    } else {
      result[name] = withoutSecrets(field);
    }
  }
  if (redacted) result.message = secretNotShownAgain;
  return result as T;
}

/** A stored JSON answer body with its secrets removed (a body that is not JSON is kept as it is). */
export function bodyWithoutSecrets(body: string): string {
  if (!body.includes(`"${secretFieldName}"`)) return body;
  try {
    return JSON.stringify(withoutSecrets(JSON.parse(body) as unknown));
  } catch {
    return body;
  }
}

/** A handler's view of a created secret: after a lost commit the use case's result was read back redacted (null). */
export function replayableSecret(clientSecret: string | null | undefined): { clientSecret: string | null; message?: string } {
  return typeof clientSecret === 'string' ? { clientSecret } : { clientSecret: null, message: secretNotShownAgain };
}
