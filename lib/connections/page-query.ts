import * as z from 'zod/mini';
import { defaultConnectionPageSize, maxConnectionPageSize } from './list.js';

/** `limit` and `cursor` of the user lists, from the query string: limit an integer 1..1000 (default 100). */
export const connectionPageQuerySchema = z.object({
  limit: z._default(
    z.pipe(
      z.string().check(z.trim(), z.regex(/^\d{1,7}$/, `must be an integer from 1 to ${maxConnectionPageSize}`)),
      z.pipe(
        z.transform((value: string) => Number(value)),
        z.number().check(
          z.minimum(1, `must be an integer from 1 to ${maxConnectionPageSize}`),
          z.maximum(maxConnectionPageSize, `must be an integer from 1 to ${maxConnectionPageSize}`),
        ),
      ),
    ),
    defaultConnectionPageSize,
  ),
  cursor: z.optional(z.string()),
});
