import { SignetError } from '../errors.js';
import { requireOwnedApp } from './owned-variant.js';
import { firstCodeSortKey, licenseCodeShards, readShardCodes, type CodeFilter, type LicenseCodeItem } from '../entities/license-code.js';
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

/** base64url JSON of the last returned code's sort key (codes are listed in code order across shards). */
function encodeCursor(afterSk: string): string {
  return Buffer.from(JSON.stringify({ after: afterSk }), 'utf8').toString('base64url');
}

/** The sort key a cursor names, checked to be a code key before it reaches DynamoDB. */
function decodeCursor(cursor: string): string {
  if (cursor.length === 0 || cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidCursor();
  const { after, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof after !== 'string' || !/^CODE#[A-Z0-9]{1,64}$/.test(after)) throw invalidCursor();
  return after;
}

/**
 * GET .../licenses/codes: one page of the app's inventory in code order, filtered by
 * state (as read now: past expiry is EXPIRED) and variant. `nextCursor` is null on the
 * last page; a filtered page can be shorter than `limit` and still have one.
 */
export async function listCodes(appId: string, ownerUserId: number, query: CodeListQuery, at: Date): Promise<{ codes: CodeView[]; nextCursor: string | null }> {
  const afterSk = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  // The shards are read alongside the ownership check (one wave); nothing read is used unless it passes.
  const [owned, page] = await Promise.allSettled([requireOwnedApp(appId, ownerUserId), queryCodes(appId, { state: query.state, variantId: query.variantId }, afterSk, query.limit, at)]);
  if (owned.status === 'rejected') throw owned.reason;
  if (page.status === 'rejected') throw page.reason;
  const { codes, after } = page.value;
  return { codes: codes.map((code) => codeView(code, at)), nextCursor: after ? encodeCursor(after) : null };
}

/** How many Query pages one shard's read takes at most per inventory request before answering a short page. */
const maxPagesPerShard = 4;

/**
 * One inventory page: every shard is read in parallel for up to limit + 1 matches after the
 * cursor's sort key, and the results merged in code order. The page stops at the smallest
 * point any shard has not read past, so nothing is skipped; `after` is the sort key the next
 * page starts after (undefined on the last page). A heavily filtered list may answer a short
 * page with a cursor rather than read the whole inventory in one request.
 */
async function queryCodes(appId: string, filter: CodeFilter, afterSk: string | undefined, limit: number, at: Date): Promise<{ codes: LicenseCodeItem[]; after: string | undefined }> {
  const shards = Array.from({ length: licenseCodeShards }, (_, shard) => shard);
  const reads = await Promise.all(shards.map((shard) => readShardCodes(appId, shard, filter, afterSk ?? firstCodeSortKey, limit + 1, maxPagesPerShard, at)));
  const frontiers = reads.map((read) => read.frontier).filter((frontier): frontier is string => frontier !== undefined);
  const boundary = frontiers.length > 0 ? frontiers.reduce((lowest, frontier) => (frontier < lowest ? frontier : lowest)) : undefined;
  const merged = reads
    .flatMap((read) => read.codes)
    .filter((code) => boundary === undefined || code.sk <= boundary)
    .sort((a, b) => (a.sk < b.sk ? -1 : 1));
  if (merged.length > limit) {
    const page = merged.slice(0, limit);
    return { codes: page, after: page[page.length - 1]?.sk };
  }
  return { codes: merged, after: boundary };
}
