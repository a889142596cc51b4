import type { core } from 'zod/mini';
import type { ErrorIssue } from '../errors.js';

/** Zod issues in the contract's `issues` shape; a missing field says "Required". */
export function zodIssues(error: core.$ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'Required' : issue.message,
  }));
}
