import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { CheckedTarget } from './ssrf.js';

/**
 * One POST to a checked webhook target: the socket connects to the address the SSRF check
 * approved (a fixed `lookup`), while TLS still verifies the URL's host name. Redirects are
 * never followed (node's http does not, and a 3xx is simply not a 2xx). The whole exchange
 * has 15 s; only the first 2 KB of the answer are kept.
 */
export const deliveryTimeoutMs = 15_000;
export const keptResponseBytes = 2048;

export interface PostResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
}

function fixedLookup(target: CheckedTarget): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

export function postWebhook(target: CheckedTarget, headers: Record<string, string>, body: string, timeoutMs = deliveryTimeoutMs): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      resolve({ ...result, latencyMs: elapsed() });
    };
    const outgoing = send(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Signet-Webhooks/1' },
        lookup: fixedLookup(target),
        agent: false,
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () => finish({ statusCode: response.statusCode ?? null, error: null, responseBody: Buffer.concat(chunks).toString('utf8') });
        response.on('data', (chunk: Buffer) => {
          if (kept < keptResponseBytes) {
            chunks.push(chunk.subarray(0, keptResponseBytes - kept));
            kept += Math.min(chunk.length, keptResponseBytes - kept);
          }
          if (kept >= keptResponseBytes) done();
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => finish({ statusCode: null, error: 'timeout', responseBody: null }), timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish({ statusCode: null, error: error.code === 'ECONNREFUSED' ? 'connection_refused' : error.code?.startsWith('ERR_TLS') || /certificate/i.test(error.message) ? 'tls' : 'connection', responseBody: null }),
    );
    outgoing.end(body);
  });
}
