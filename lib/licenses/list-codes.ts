import type { TableKey } from '../db/keys.js';
import { keys } from '../db/keys.js';
import { SignetError } from '../errors.js';
import { requireOwnedApp } from './owned-variant.js';
import { queryCodes, type CodeFilter } from './repository.js';
import { codeView, type CodeView } from './views.js';

export interface CodeListQuery extends CodeFilter {
  limit: number;
  cursor?: string;
}

const maxCursorLength = 1024;

function invalidCursor(): SignetError {
  return new SignetError('invalidParameter', 'The cursor is not valid for this list', {
    issues: [{ path: 'cursor', message: 'must be a nextCursor value returned by this list' }],
  });
}

/** base64url JSON of a code key of this app's inventory, checked before it reaches DynamoDB. */
function encodeCursor(key: TableKey): string {
  return Buffer.from(JSON.stringify({ pk: key.pk, sk: key.sk }), 'utf8').toString('base64url');
}

function decodeCursor(appId: string, cursor: string): TableKey {
  if (cursor.length === 0 || cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidCursor();
  const { pk, sk, ...rest } = parsed as Record<string, unknown>;
  const range = keys.licenseCodesOfApp(appId);
  if (Object.keys(rest).length > 0 || pk !== range.pk || typeof sk !== 'string' || !sk.startsWith(range.skPrefix) || sk.length > 200) {
    throw invalidCursor();
  }
  return { pk, sk };
}

/**
 * GET .../licenses/codes: one page of the app's inventory in code order, filtered by
 * state (as read now: past expiry is EXPIRED) and variant. `nextCursor` is null on the
 * last page; a filtered page can be shorter than `limit` and still have one.
 */
export async function listCodes(appId: string, ownerUserId: number, query: CodeListQuery, at: Date): Promise<{ codes: CodeView[]; nextCursor: string | null }> {
  const startKey = query.cursor === undefined ? undefined : decodeCursor(appId, query.cursor);
  await requireOwnedApp(appId, ownerUserId);
  const { codes, lastKey } = await queryCodes(appId, { state: query.state, variantId: query.variantId }, startKey, query.limit, at);
  return { codes: codes.map((code) => codeView(code, at)), nextCursor: lastKey ? encodeCursor(lastKey) : null };
}
