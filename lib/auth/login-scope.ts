import { normalizeHostname } from '../applications/hostnames.js';
import type { TableKey } from '../db/table-key.js';
import { claimedAppId, hostnameClaimKey as claimKeyOf } from '../entities/hostname-claim.js';
import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { adminScope } from '../sessions/validity.js';
import type { ItemsByKey } from '../db/operations.js';

/**
 * The headers naming the application: the current name first, then the older one
 * Spaaza's official Postman collection still sends (docs/api.md, Sessions, compatibility).
 */
export const hostnameHeaders = ['x-spaaza-myprice-app-hostname', 'x-myprice-app-hostname'] as const;

/**
 * The one place the hostname header is decided: its value (trimmed, lower-case), or
 * undefined when no hostname header is present. Both names with different values
 * are 400 no_myprice_app: the request names no single application.
 */
export function hostnameOf(request: HttpRequest): string | undefined {
  const values = new Set<string>();
  for (const name of hostnameHeaders) {
    const value = request.headers[name];
    if (value !== undefined) values.add(value.trim().toLowerCase());
  }
  if (values.size > 1) throw new SignetError('noMyPriceApp', 'X-Spaaza-MyPrice-App-Hostname and X-MyPrice-App-Hostname name different apps');
  return values.values().next().value;
}

/**
 * The key to read with the other items of a request: claims hold the normalized form
 * (lower-case IDNA ASCII, docs/security.md, Hostname ownership), so `Bücher.example` finds `xn--bcher-kva.example`.
 * A value that is not a DNS host name names no application and needs no read (and an
 * oversized one would be a key DynamoDB refuses).
 */
export function hostnameClaimKey(hostname: string | undefined): TableKey | undefined {
  const normalized = hostname === undefined ? '' : normalizeHostname(hostname);
  return normalized ? claimKeyOf(normalized) : undefined;
}

/**
 * The scope a login creates: no header is an admin session; a header names the
 * application of a member session, and a header naming none (also an empty
 * one) is 400 no_myprice_app.
 */
export function loginScope(hostname: string | undefined, items: ItemsByKey): string {
  if (hostname === undefined) return adminScope;
  const appId = claimedAppId(items, hostnameClaimKey(hostname));
  if (!hostname || !appId) throw new SignetError('noMyPriceApp');
  return appId;
}
