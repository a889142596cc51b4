import { z } from 'zod';
import * as params from './params.js';

const maxTokenLifetimeSeconds = 10 * 365 * 24 * 3600;

const optionalSeconds = z
  .preprocess((value) => (typeof value === 'string' ? value.trim() : value), z.union([z.string(), z.number()]).optional())
  .transform((value, context) => {
    if (value === undefined || value === '') return undefined;
    const seconds = Number(value);
    if (!/^\d{1,10}$/.test(String(value)) || seconds > maxTokenLifetimeSeconds) {
      context.addIssue({ code: 'custom', message: 'fb_access_token_expires must be a number of seconds' });
      return z.NEVER;
    }
    return seconds;
  });

/**
 * /auth/login parameters: `auth_method` password (default) needs username and
 * password; facebook needs fb_access_token.
 */
export const loginSchema = z
  .object({
    auth_method: z
      .preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined), z.enum(['password', 'facebook']).optional())
      .transform((value) => value ?? 'password'),
    username: params.loginUsername.optional(),
    password: params.password.optional(),
    fb_access_token: z.preprocess((value) => (typeof value === 'string' ? value.trim() : value), z.string().max(4096).optional()),
    fb_access_token_expires: optionalSeconds,
  })
  .superRefine((input, context) => {
    const required = input.auth_method === 'facebook' ? (['fb_access_token'] as const) : (['username', 'password'] as const);
    for (const field of required) {
      if (!input[field]) context.addIssue({ code: 'custom', path: [field], message: 'Required' });
    }
  });

export type LoginParams = z.output<typeof loginSchema>;
