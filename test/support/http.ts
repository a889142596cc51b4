import { request as httpRequest } from 'node:http';
import { startLocalServer } from '../../tools/local/server.js';
import { encodeBody, parseJson, requestHeaders, type ApiCall, type ApiResult } from './api.js';

export interface HttpCall extends ApiCall {
  /**
   * The caller's source address. All of 127.0.0.0/8 is loopback on Linux, so a test
   * speaks as different clients from 127.0.0.2, 127.0.0.3, ... (the server sees the
   * socket's peer address as API Gateway's `requestContext.identity.sourceIp`).
   */
  from?: string;
}

export interface LocalApi {
  url: string;
  /** One real HTTP request to the local server (the same server `npm start` runs). */
  call(method: string, path: string, call?: HttpCall): Promise<HttpResult>;
  close(): Promise<void>;
}

export interface HttpResult extends Omit<ApiResult, 'raw'> {
  /** The response body as sent. */
  text: string;
}

/**
 * Starts the local HTTP server (every route through its real handler, on this test
 * file's table) on a free loopback port. Use in `beforeAll`, close in `afterAll`.
 */
export async function startLocalApi(options: Pick<Parameters<typeof startLocalServer>[0], 'onEvent' | 'functionTimeoutMs'> = {}): Promise<LocalApi> {
  const server = await startLocalServer({ port: 0, host: '127.0.0.1', onEvent: options.onEvent, functionTimeoutMs: options.functionTimeoutMs });
  const base = new URL(server.url);

  const call = (method: string, path: string, options: HttpCall = {}): Promise<HttpResult> => {
    const url = new URL(path, base);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const { body: encoded, contentType } = encodeBody(options);
    const body = options.body === undefined ? undefined : encoded;
    const headers = requestHeaders(options, contentType);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: base.hostname, port: base.port, path: `${url.pathname}${url.search}`, method: method.toUpperCase(), headers, localAddress: options.from, agent: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const responseHeaders: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: response.statusCode ?? 0, headers: responseHeaders, json: parseJson(text), text });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };

  return { url: server.url, call, close: () => server.close() };
}
