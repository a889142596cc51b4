import { Resolver } from 'node:dns/promises';
import { config } from '../config.js';
import { SignetError } from '../errors.js';

/** Codes that mean "no such record", not "DNS is broken". */
const noRecord = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);

/**
 * The TXT values published at `name` (chunks of one record joined), asked of
 * DNS_SERVERS when set (tests run a fake server), else the system resolver.
 * An unreachable resolver is 503, not "record missing".
 */
export async function publishedTxtValues(name: string): Promise<string[]> {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  const servers = config().DNS_SERVERS;
  if (servers) resolver.setServers(servers.split(',').map((server) => server.trim()));
  try {
    const records = await resolver.resolveTxt(name);
    return records.map((chunks) => chunks.join(''));
  } catch (error) {
    if (noRecord.has((error as { code?: string }).code ?? '')) return [];
    throw new SignetError('unavailable', 'DNS could not be asked for the verification record; retry shortly', { headers: { 'Retry-After': '5' } });
  }
}
