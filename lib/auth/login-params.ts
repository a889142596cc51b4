import * as z from 'zod/mini';
import * as params from './params.js';

const maxTokenLifetimeSeconds = 10 * 365 * 24 * 3600;

const optionalSeconds = z.pipe(
  params.preprocess((value) => (typeof value === 'string' ? value.trim() : value), z.optional(z.union([z.string(), z.number()]))),
  z.transform((value, context) => {
    if (value === undefined || value === '') return undefined;
    const seconds = Number(value);
    if (/^\d{1,10}$/.test(String(value)) && seconds <= maxTokenLifetimeSeconds) return seconds;
    context.issues.push({ code: 'custom', message: 'fb_access_token_expires must be a number of seconds', input: value });
    return z.NEVER;
  }),
);

const authMethod = z.pipe(
  params.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined),
    z.optional(z.enum(['password', 'facebook'])),
  ),
  z.transform((value) => value ?? 'password'),
);

/**
 * /auth/login parameters: `auth_method` password (default) needs username and
 * password; facebook needs fb_access_token.
 */
export const loginSchema = z
  .object({
    auth_method: authMethod,
    username: z.optional(params.loginUsername),
    password: z.optional(params.password),
    fb_access_token: params.preprocess((value) => (typeof value === 'string' ? value.trim() : value), z.optional(z.string().check(z.maxLength(4096)))),
    fb_access_token_expires: optionalSeconds,
  })
  .check(
    z.superRefine((input, context) => {
      const required = input.auth_method === 'facebook' ? (['fb_access_token'] as const) : (['username', 'password'] as const);
      for (const field of required) {
        if (!input[field]) context.addIssue({ code: 'custom', path: [field], message: 'Required', input: input[field] });
      }
    }),
  );

export type LoginParams = z.output<typeof loginSchema>;
