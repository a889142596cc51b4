import { config as configureZod, type core } from 'zod/mini';
import english from 'zod/v4/locales/en.js';

// zod/mini ships no messages; load the English ones only (the full zod bundle carries every locale).
configureZod(english());
import type { ErrorIssue } from '../errors.js';

/** Zod issues in the contract's `issues` shape; a missing field says "Required". */
export function zodIssues(error: core.$ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'Required' : issue.message,
  }));
}
