import { normalizeHostname } from '../applications/hostnames.js';
import type { HostnameClaimItem } from '../db/items.js';
import { keys, type TableKey } from '../db/keys.js';
import { SignetError } from '../errors.js';
import type { HttpRequest } from '../http/request.js';
import { adminScope } from '../sessions/validity.js';
import type { ItemsByKey } from './batch-get.js';

export const hostnameHeader = 'x-spaaza-myprice-app-hostname';

/** The X-Spaaza-MyPrice-App-Hostname value, or undefined when the header is absent. */
export function hostnameOf(request: HttpRequest): string | undefined {
  const value = request.headers[hostnameHeader];
  return value === undefined ? undefined : value.trim().toLowerCase();
}

/**
 * The key to read with the other items of a request: claims hold the normalized form
 * (lower-case IDNA ASCII, API.md §7.4), so `Bücher.example` finds `xn--bcher-kva.example`.
 * A value that is not a DNS host name names no application and needs no read (and an
 * oversized one would be a key DynamoDB refuses).
 */
export function hostnameClaimKey(hostname: string | undefined): TableKey | undefined {
  const normalized = hostname === undefined ? '' : normalizeHostname(hostname);
  return normalized ? keys.hostnameClaim(normalized) : undefined;
}

/**
 * The scope a login creates: no header is an admin session; a header names the
 * application of a member session, and a header naming none (also an empty
 * one) is 400 no_myprice_app.
 */
export function loginScope(hostname: string | undefined, items: ItemsByKey): string {
  if (hostname === undefined) return adminScope;
  const claim = items(hostnameClaimKey(hostname)) as HostnameClaimItem | undefined;
  if (!hostname || !claim) throw new SignetError('noMyPriceApp');
  return claim.appId;
}
