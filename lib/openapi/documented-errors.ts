import type { ErrorKind } from '../errors.js';
import { errorCatalog, type ErrorSpec } from '../http/error-catalog.js';

/**
 * Every named error the document describes: the error catalog, plus the errors of
 * API.md §7.2 that issue 11 ("honest-writes") adds to the catalog. Once the catalog
 * has an entry of the same name, the catalog's wins and the entry here can go.
 */
export interface DocumentedErrorSpec extends Omit<ErrorSpec, 'api'> {
  api: string;
}

const pendingErrors = {
  idempotencyKeyReused: {
    status: 422,
    api: 'idempotency_key_reused',
    code: 1018,
    spaazaName: 'idempotency_key_reused',
    message: 'This Idempotency-Key was used with a different request',
  },
} satisfies Record<string, DocumentedErrorSpec>;

export type DocumentedError = ErrorKind | keyof typeof pendingErrors;

export const documentedErrors = Object.fromEntries([
  ...Object.entries(errorCatalog),
  ...Object.entries(pendingErrors).filter(([name]) => !(name in errorCatalog)),
]) as Record<DocumentedError, DocumentedErrorSpec>;

/** Errors described in the document that this branch does not answer yet (the contract test knows them). */
export const notYetServedErrors: readonly DocumentedError[] = (Object.keys(pendingErrors) as DocumentedError[]).filter(
  (name) => !(name in errorCatalog),
);
