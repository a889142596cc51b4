import * as z from 'zod/mini';
import { isDnsHostname, maxHostnamesPerApplication } from './hostnames.js';

/** Input rules of an application, shared by the developer API and the admin CLI. */
export const maxApplicationNameLength = 100;

export const applicationNameSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.maxLength(maxApplicationNameLength, `must be at most ${maxApplicationNameLength} characters`),
);

/** Trimmed and lower-cased: hostnames are unique across the service case-insensitively. */
export const hostnameSchema = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.refine(isDnsHostname, 'must be a DNS host name (letters, digits, hyphens and dots; no scheme, port or path)'),
);

export const hostnamesSchema = z.array(hostnameSchema).check(
  z.minLength(1, 'must name at least one hostname'),
  z.maxLength(maxHostnamesPerApplication, `must name at most ${maxHostnamesPerApplication} hostnames`),
  z.refine((hostnames) => new Set(hostnames).size === hostnames.length, 'must not name a hostname twice'),
);

export const newApplicationSchema = z.object({ name: applicationNameSchema, hostnames: hostnamesSchema });

export type NewApplicationInput = z.output<typeof newApplicationSchema>;
