import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * SSRF rules of webhook URLs (docs/webhooks.md): `https` only; no host that is, or resolves to, a
 * loopback, private, link-local, CGNAT, multicast, unspecified, reserved or metadata
 * address. Checked at registration (400) and again before every attempt, and the sender
 * connects to the address checked here (lib/webhooks/http-post.ts), so DNS cannot answer
 * one address to the check and another to the connection.
 *
 * Decimal, hex and octal IPv4 forms (`http://2130706433`, `0x7f.1`) need no code of ours:
 * the WHATWG URL parser turns them into dotted form before the check sees them.
 * Node's BlockList does the range matching (no hand-written prefix arithmetic).
 */

const blocked = new BlockList();
const loopback = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (incl. AWS's fd00:ec2::254 metadata)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4 address embedded in an IPv6 one (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), or undefined. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4})(?::|$)/.exec(lower);
  const parts = hex ?? sixToFour;
  if (!parts) return undefined;
  const high = parseInt(parts[1] ?? '0', 16);
  const low = parseInt(parts[2] ?? '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export type AddressClass = 'public' | 'loopback' | 'forbidden';

/** How the SSRF rules see one IP address (v4 or v6, as a string). Not an IP: forbidden. */
export function classifyAddress(address: string): AddressClass {
  const unbracketed = address.replace(/^\[|\]$/g, '');
  const family = isIP(unbracketed);
  if (family === 0) return 'forbidden';
  const embedded = family === 6 ? embeddedIpv4(unbracketed) : undefined;
  if (embedded !== undefined) return classifyAddress(embedded);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(unbracketed, type)) return 'loopback';
  return blocked.check(unbracketed, type) ? 'forbidden' : 'public';
}

export interface CheckedTarget {
  url: URL;
  /** The address to connect to: it passed the check. */
  address: string;
  family: 4 | 6;
}

export class UnsafeWebhookUrl extends Error {
  override readonly name = 'UnsafeWebhookUrl';
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });
let resolver: Resolver = systemResolver;

/** Tests only: answer host names without DNS. Returns the restore function. */
export function useResolver(next: Resolver): () => void {
  const previous = resolver;
  resolver = next;
  return () => {
    resolver = previous;
  };
}

/** Only the URL's form: scheme, credentials, host name shape. Throws UnsafeWebhookUrl. */
export function parseWebhookUrl(raw: string, allowLoopback: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeWebhookUrl('must be an absolute https URL');
  }
  if (url.protocol !== 'https:' && !(allowLoopback && url.protocol === 'http:')) throw new UnsafeWebhookUrl('must use https');
  if (url.username || url.password) throw new UnsafeWebhookUrl('must not contain credentials');
  if (url.hash) throw new UnsafeWebhookUrl('must not contain a fragment');
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === 'metadata.google.internal' || host.endsWith('.internal')) {
    if (!allowLoopback || !(host === 'localhost' || host.endsWith('.localhost'))) throw new UnsafeWebhookUrl('must not name a local or internal host');
  }
  return url;
}

/**
 * Resolves the URL's host and checks every address it has: one refused address refuses
 * the URL (an attacker's DNS may rotate). Plain http is only for loopback, and only with
 * WEBHOOK_ALLOW_LOOPBACK (local development and tests).
 */
export async function checkWebhookTarget(raw: string, allowLoopback: boolean): Promise<CheckedTarget> {
  const url = parseWebhookUrl(raw, allowLoopback);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolver(host);
    } catch {
      throw new UnsafeWebhookUrl('host name does not resolve');
    }
  }
  if (addresses.length === 0) throw new UnsafeWebhookUrl('host name does not resolve');
  const classes = addresses.map((entry) => classifyAddress(entry.address));
  if (classes.includes('forbidden')) throw new UnsafeWebhookUrl('host is or resolves to a private, loopback, link-local, multicast or metadata address');
  if (classes.includes('loopback') && !allowLoopback) throw new UnsafeWebhookUrl('host is or resolves to a loopback address');
  if (url.protocol === 'http:' && classes.some((value) => value !== 'loopback')) throw new UnsafeWebhookUrl('must use https');
  const chosen = addresses[0] as { address: string; family: number };
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}
