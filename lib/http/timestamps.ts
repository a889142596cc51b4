import * as z from 'zod/mini';

/** `/api` timestamps: ISO-8601 UTC with milliseconds, `2026-11-21T10:00:00.000Z` (docs/errors.md). */
export const isoTimestampSchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/));
