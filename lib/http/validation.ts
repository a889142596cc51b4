import { config as configureZod, type core } from 'zod/mini';
import english from 'zod/v4/locales/en.js';

// zod/mini ships no messages; load the English ones only (the full zod bundle carries every locale).
configureZod(english());
import type { ErrorIssue } from '../errors.js';

const unknownField = 'Unknown field: check its spelling, or leave it out';

/**
 * Zod issues in the contract's `issues` shape; a missing field says "Required", and each
 * unknown field of a strict body (the /api schemas) is an issue of its own, at its path.
 */
export function zodIssues(error: core.$ZodError): ErrorIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: unknownField }));
    return [{ path: path.join('.') || '(body)', message: issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'Required' : issue.message }];
  });
}

/** The 400's message: it names unknown fields, so a typo (`durration`) is not a silent default. */
export function issuesMessage(issues: ErrorIssue[]): string | undefined {
  const unknown = issues.filter((issue) => issue.message === unknownField).map((issue) => issue.path);
  return unknown.length > 0 ? `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` : undefined;
}
