import { randomUUID } from 'node:crypto';
import { licenseCodePut, type LicenseCodeItem } from '../entities/license-code.js';
import { conditionFailed } from '../db/operations.js';
import { runOptimistic } from '../db/optimistic.js';
import { SignetError } from '../errors.js';
import { maxCodeLength, minImportedCodeLength, normalizeCode } from './codes.js';
import { requireImportVariant } from './owned-variant.js';
import { maxGeneratedCodes, readExpiresAt } from './schemas.js';

export interface LineError {
  line: number;
  message: string;
}

export interface ImportResult {
  imported: number;
  errors: LineError[];
}

interface GoodLine {
  line: number;
  code: string;
  normalizedCode: string;
  expiresAt: string | null;
}

const transactionSize = 99;
const headerLine = /^\s*code\s*(,\s*expires_?at\s*)?$/i;

/** A field in double quotes (as spreadsheets export them) is read without them. */
function unquote(field: string): string {
  const match = /^\s*"(.*)"\s*$/.exec(field);
  return match ? (match[1] ?? '').replace(/""/g, '"') : field;
}

const importedCodePattern = /^[A-Za-z0-9-]+$/;

/**
 * Reads `code[,expiresAt]` lines (RFC 4180: neither field can hold a comma, a quote or a
 * line break, so splitting lines and commas is the whole parser and no CSV library is
 * needed; quoted fields are unquoted, a UTF-8 byte-order mark is ignored). Blank lines are skipped; a first line
 * `code,expiresAt` is a header. Every bad line is reported by its 1-based number.
 */
export function parseCodeLines(text: string, at: Date): { good: GoodLine[]; errors: LineError[] } {
  const good: GoodLine[] = [];
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || (index === 0 && headerLine.test(raw))) return;
    const fields = raw.split(',').map(unquote);
    if (fields.length > 2) return errors.push({ line, message: 'expected code[,expiresAt]' });
    // stored as typed but upper-cased, so only ASCII letters, digits and dashes (issue 21):
    // no blanks inside, no letter whose upper case is ASCII (ı, ſ), nothing invisible
    const code = (fields[0] ?? '').trim();
    const normalizedCode = importedCodePattern.test(code) ? normalizeCode(code) : undefined;
    if (!normalizedCode || normalizedCode.length < minImportedCodeLength) {
      return errors.push({ line, message: `code must be ${minImportedCodeLength} to ${maxCodeLength} letters or digits (ASCII, dashes allowed; at least 60 bits of randomness resist guessing)` });
    }
    const expiresAt = readExpiresAt(fields[1], at);
    if (expiresAt !== null && typeof expiresAt === 'object') return errors.push({ line, message: expiresAt.error });
    const first = seen.get(normalizedCode);
    if (first !== undefined) return errors.push({ line, message: `duplicate of line ${first}` });
    seen.set(normalizedCode, line);
    good.push({ line, code: code.toUpperCase(), normalizedCode, expiresAt });
  });
  return { good, errors };
}

/** How far an import got: lines before `done` are settled; its result in a keyed request's record (plain JSON, small). */
interface Progress {
  done: number;
  imported: number;
  /** Line numbers of codes that already existed. */
  existingLines: number[];
}

/**
 * POST .../licenses/codes/import?variantId=: imports the good lines of a text/csv body
 * and reports each bad one. A line is one item, written by a conditional Put inside a
 * transaction of up to 99 lines (the 100th item of a keyed request's transaction is its
 * idempotency guard), each part committed by the optimistic runner: a code that already
 * exists fails its own condition, is reported by its line, and the part is committed again
 * without it, so no line is ever half-imported. A keyed retry whose earlier attempt committed parts resumes after them.
 */
export async function importCodes(appId: string, ownerUserId: number, variantId: string | undefined, text: string, at: Date): Promise<ImportResult> {
  const variant = await requireImportVariant(appId, ownerUserId, variantId);
  const { good, errors } = parseCodeLines(text, at);
  if (good.length + errors.length > maxGeneratedCodes) {
    throw new SignetError('invalidParameter', `An import holds at most ${maxGeneratedCodes} lines`, {
      issues: [{ path: 'body', message: `at most ${maxGeneratedCodes} lines` }],
    });
  }
  const createdAt = at.toISOString();
  const itemOf = (line: GoodLine): LicenseCodeItem => ({
    type: 'licenseCode',
    appId,
    licenseId: randomUUID(),
    code: line.code,
    normalizedCode: line.normalizedCode,
    variantId: variant.variantId,
    origin: 'imported',
    state: 'UNUSED',
    expiresAt: line.expiresAt,
    createdAt,
    owner: null,
    redeemedAt: null,
    endedAt: null,
  });
  let progress: Progress = { done: 0, imported: 0, existingLines: [] };
  while (progress.done < good.length) {
    const before = progress;
    const chunk = good.slice(before.done, before.done + transactionSize).map((line) => ({ line: line.line, item: itemOf(line) }));
    // Positions in the chunk whose code exists: learned from failed conditions, not read first
    // (one round trip per part when no code exists, the common case).
    const existing = new Set<number>();
    progress = await runOptimistic({
      read: async () => existing,
      plan: (known) => {
        const fresh = chunk.map((entry, position) => ({ ...entry, position })).filter(({ position }) => !known.has(position));
        return {
          items: fresh.map(({ item }) => licenseCodePut(item)),
          result: {
            done: before.done + chunk.length,
            imported: before.imported + fresh.length,
            existingLines: [...before.existingLines, ...chunk.filter((_, position) => known.has(position)).map(({ line }) => line)],
          },
          onConditionFailed: (reasons) => {
            fresh.forEach(({ position }, index) => {
              if (conditionFailed(reasons, index)) existing.add(position);
            });
            return 'retry';
          },
        };
      },
    });
  }
  for (const line of progress.existingLines) errors.push({ line, message: 'a code with these letters and digits already exists' });
  errors.sort((a, b) => a.line - b.line);
  return { imported: progress.imported, errors };
}
