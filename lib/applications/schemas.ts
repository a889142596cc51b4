import * as z from 'zod/mini';
import { cleanIdentifierChecks } from '../text/hygiene.js';
import { maxHostnameLength, maxHostnamesPerApplication, normalizeHostname } from './hostnames.js';

/** Input rules of an application, shared by the developer API and the admin CLI. */
export const maxApplicationNameLength = 100;

export const applicationNameSchema = z.string().check(
  ...cleanIdentifierChecks,
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.maxLength(maxApplicationNameLength, `must be at most ${maxApplicationNameLength} characters`),
);

/** Normalized (lib/applications/hostnames.ts): hostnames are unique across the service case-insensitively. */
export const hostnameSchema = z.string().check(
  z.refine((value) => normalizeHostname(value) !== '', 'must be a DNS host name (no IP address, scheme, port, path or wildcard)'),
  z.overwrite(normalizeHostname),
  // after normalization (IDNA can lengthen a name): its challenge record must still be a DNS name
  z.refine(
    (hostname) => hostname === '' || hostname.length <= maxHostnameLength,
    `must be at most ${maxHostnameLength} characters (as punycode), so that its verification record _signet-challenge.<hostname> fits DNS's 253`,
  ),
);

export const hostnamesSchema = z.array(hostnameSchema).check(
  z.minLength(1, 'must name at least one hostname'),
  z.maxLength(maxHostnamesPerApplication, `must name at most ${maxHostnamesPerApplication} hostnames`),
  z.refine((hostnames) => new Set(hostnames).size === hostnames.length, 'must not name a hostname twice'),
);

export const newApplicationSchema = z.strictObject({ name: applicationNameSchema, hostnames: hostnamesSchema });

export type NewApplicationInput = z.output<typeof newApplicationSchema>;
