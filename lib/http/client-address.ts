import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { cloudFrontOriginSecret } from '../secrets/origin-secret.js';
import type { ProxyEvent } from './request.js';

/**
 * Who the client is (issue 21; docs/security.md, Throttling). API Gateway's sourceIp, except:
 * - behind CloudFront, a request whose X-Origin-Verify equals CLOUDFRONT_ORIGIN_SECRET
 *   names its viewer in CloudFront-Viewer-Address (`ip:port`); without that proof
 *   the header is ignored;
 * - X-Forwarded-For and the like never count.
 * The handler factory writes the answer into `requestContext.identity.sourceIp`,
 * so every per-IP counter sees the same address.
 */
export const originVerifyHeader = 'x-origin-verify';
export const viewerAddressHeader = 'cloudfront-viewer-address';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of two strings of any length. */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** `198.51.100.10:46532` or `2001:db8::1:46532` (the port after the last colon): the IP, if it is one. */
export function viewerIp(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const colon = header.trim().lastIndexOf(':');
  if (colon < 1) return undefined;
  const ip = header.trim().slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return isIP(ip) ? ip : undefined;
}

/** The viewer's IP when the request proves it came through our CloudFront, else undefined. */
export async function verifiedViewerIp(headers: Record<string, string>): Promise<string | undefined> {
  const presented = headers[originVerifyHeader];
  const viewer = viewerIp(headers[viewerAddressHeader]);
  if (!presented || !viewer) return undefined;
  const expected = await cloudFrontOriginSecret();
  return expected && sameSecret(presented, expected) ? viewer : undefined;
}

/** Replaces the event's source IP with the verified client address (edge, then `proxied` when given). */
export async function resolveClientAddress(event: ProxyEvent, proxied?: (headers: Record<string, string>) => Promise<string | undefined>): Promise<void> {
  const headers = event.headers as Record<string, string>; // lower-cased by the handler factory (normalizeHeaders)
  const address = (proxied ? await proxied(headers) : undefined) ?? (await verifiedViewerIp(headers));
  if (!address || !event.requestContext) return;
  event.requestContext.identity = { ...event.requestContext.identity, sourceIp: address };
}
