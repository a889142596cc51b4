/**
 * Application hostnames (the X-Spaaza-MyPrice-App-Hostname values naming an app):
 * DNS host names, compared case-insensitively, so they are stored lower-cased.
 */
export const maxHostnamesPerApplication = 10;

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name (RFC 1123 labels, 253 characters at most), already lower-cased and trimmed. */
export function isDnsHostname(hostname: string): boolean {
  return hostname.length > 0 && hostname.length <= 253 && hostname.split('.').every((part) => label.test(part));
}

export function normalizeHostname(hostname: string): string {
  return hostname.trim().toLowerCase();
}
