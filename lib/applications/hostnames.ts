import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import type { HostnameEntry } from '../entities/application.js';

/**
 * Application hostnames (the X-Spaaza-MyPrice-App-Hostname values naming an app,
 * docs/security.md, Hostname ownership): lower-cased, IDNA-normalized DNS names (node's WHATWG URL
 * `domainToASCII`, the maintained IDNA mapping), never IPs, ports or wildcards.
 */
export const maxHostnamesPerApplication = 10;

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name (RFC 1123 labels, 253 characters at most), already lower-cased and trimmed. */
export function isDnsHostname(hostname: string): boolean {
  return hostname.length > 0 && hostname.length <= 253 && hostname.split('.').every((part) => label.test(part));
}

/**
 * The stored form of a hostname, or '' when it is not an acceptable DNS name:
 * trimmed, lower-cased, IDNA (punycode) ASCII; an all-digit last label (an IPv4
 * address, or something that would parse as one) is refused, as are ports,
 * wildcards and brackets, which IDNA refuses or which fail the label rule.
 */
export function normalizeHostname(input: string): string {
  const trimmed = input.trim().toLowerCase();
  if (trimmed === '' || /[*:[\]/\\@\s]/.test(trimmed)) return '';
  const ascii = domainToASCII(trimmed);
  if (!isDnsHostname(ascii)) return '';
  const tld = ascii.slice(ascii.lastIndexOf('.') + 1);
  if (/^[0-9]+$/.test(tld)) return '';
  return ascii;
}

const reservedTopLevel = ['localhost', 'test', 'example', 'invalid'];
const reservedDomains = ['example.com', 'example.net', 'example.org'];

/** RFC 2606 / 6761 names: nobody can own them on the Internet, so they are verified at once. */
export function isReservedHostname(hostname: string): boolean {
  const tld = hostname.slice(hostname.lastIndexOf('.') + 1);
  if (reservedTopLevel.includes(tld)) return true;
  return reservedDomains.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
}


export const challengeRecordName = (hostname: string) => `_signet-challenge.${hostname}`;

/**
 * The longest hostname whose challenge record name (`_signet-challenge.` + hostname)
 * is still a DNS name of at most 253 characters: a longer one could never be verified.
 */
export const maxHostnameLength = 253 - challengeRecordName('').length;

/** A new application's hostnames: reserved names verified, the rest pending with a fresh challenge. */
export function newHostnameEntries(hostnames: string[]): HostnameEntry[] {
  return hostnames.map((hostname) =>
    isReservedHostname(hostname)
      ? { hostname, status: 'verified', challenge: null }
      : { hostname, status: 'pending', challenge: `signet-verify=${randomBytes(16).toString('hex')}` },
  );
}

/** Items written before hostname verification existed: every hostname held a claim, so it is verified. */
export function hostnameEntriesOf(application: { hostnames: string[]; hostnameStatus?: HostnameEntry[] }): HostnameEntry[] {
  return application.hostnameStatus ?? application.hostnames.map((hostname) => ({ hostname, status: 'verified', challenge: null }));
}
