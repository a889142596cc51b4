import type { TableKey } from '../db/table-key.js';
import { connectionsOfApp } from '../entities/connection.js';
import { SignetError } from '../errors.js';

/**
 * The opaque `cursor` of the user lists: base64url of the JSON of the last
 * returned connection's key (the Query's exclusive start key). Decoding checks
 * that it is exactly a key of this app's connection range, so a tampered or
 * foreign cursor is a 400 and never reaches DynamoDB.
 */
const maxCursorLength = 1024;

export function encodeConnectionCursor(key: TableKey): string {
  return Buffer.from(JSON.stringify({ pk: key.pk, sk: key.sk }), 'utf8').toString('base64url');
}

export function invalidCursor(): SignetError {
  return new SignetError('invalidParameter', 'The cursor is not valid for this list', {
    issues: [{ path: 'cursor', message: 'must be a nextCursor value returned by this list' }],
  });
}

/** The start key a cursor names, or undefined when it is not a valid cursor of this app's list. */
export function decodeConnectionCursor(appId: string, cursor: string): TableKey | undefined {
  if (cursor.length === 0 || cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { pk, sk, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof pk !== 'string' || typeof sk !== 'string') return undefined;
  const range = connectionsOfApp(appId);
  if (pk !== range.pk || !sk.startsWith(range.skPrefix) || sk.length === range.skPrefix.length) return undefined;
  return { pk, sk };
}
