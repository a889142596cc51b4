import { Resolver } from 'node:dns/promises';
import { config } from '../config.js';
import { SignetError } from '../errors.js';

/** Codes that mean "no such record", not "DNS is broken". */
const noRecord = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);
/** Codes that mean "this name can never be asked" (too long, malformed): retrying never helps. */
const badName = new Set(['EBADNAME', 'EBADQUERY', 'EBADSTR']);

/**
 * The TXT values published at `name` (chunks of one record joined), asked of
 * DNS_SERVERS when set (tests run a fake server), else the system resolver.
 * An unreachable resolver is 503, not "record missing"; a name DNS refuses to ask is 400.
 */
export async function publishedTxtValues(name: string): Promise<string[]> {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  const servers = config().DNS_SERVERS;
  if (servers) resolver.setServers(servers.split(',').map((server) => server.trim()));
  try {
    const records = await resolver.resolveTxt(name);
    return records.map((chunks) => chunks.join(''));
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (noRecord.has(code)) return [];
    if (badName.has(code)) throw new SignetError('invalidParameter', `${name} is not a name DNS can look up (too long or malformed), so this hostname cannot be verified`);
    throw new SignetError('unavailable', 'DNS could not be asked for the verification record; retry shortly', { headers: { 'Retry-After': '5' } });
  }
}
