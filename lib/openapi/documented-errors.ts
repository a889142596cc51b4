import type { ErrorKind } from '../errors.js';
import { errorCatalog, type ErrorSpec } from '../http/error-catalog.js';

/**
 * Every named error the document describes: the error catalog, plus any error a branch
 * documents before the catalog has it (pendingErrors). Once the catalog has an entry of
 * the same name, the catalog's wins and the entry here goes.
 */
export interface DocumentedErrorSpec extends Omit<ErrorSpec, 'api'> {
  api: string;
}

// Empty since issue 11 put idempotencyKeyReused in the catalog.
const pendingErrors = {} satisfies Record<string, DocumentedErrorSpec>;

export type DocumentedError = ErrorKind | keyof typeof pendingErrors;

export const documentedErrors = Object.fromEntries([
  ...Object.entries(errorCatalog),
  ...Object.entries(pendingErrors).filter(([name]) => !(name in errorCatalog)),
]) as Record<DocumentedError, DocumentedErrorSpec>;

/** Errors described in the document that this branch does not answer yet (the contract test knows them). */
export const notYetServedErrors: readonly DocumentedError[] = (Object.keys(pendingErrors) as DocumentedError[]).filter(
  (name) => !(name in errorCatalog),
);
