import type { IncomingMessage, ServerResponse } from 'node:http';
import { referencePageHeaderPolicy } from '../../portal/headers.js';
import type { SiteFile } from '../openapi/reference-site.js';

/**
 * The local server's documentation routes (not API routes: the deployed API does
 * not serve them; the developer portal hosts the same static files):
 * GET /openapi.json, and the interactive reference at GET /docs (→ /docs/).
 */

/**
 * The document and the page are built on the first documentation request: importing the
 * generator (every schema, and through them lib/db and the logger) when the server
 * module loads would make those read the environment before `npm run invoke` sets it.
 */
let site: Promise<{ document: Record<string, unknown>; files: Map<string, SiteFile>; policy: string }> | undefined;
const loadSite = () =>
  (site ??= Promise.all([import('../openapi/document.js'), import('../openapi/reference-site.js')]).then(([generator, reference]) => {
    const document = generator.buildOpenApiDocument() as unknown as Record<string, unknown>;
    return { document, files: reference.referenceSiteFiles(document), policy: referencePageHeaderPolicy };
  }));

/** A Host header that is a plain host[:port] (anything else gets the relative server). */
const plainHost = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The document as served: its `servers` is the origin that served it, so Swagger UI's "Try it
 * out" (the CSP allows 'self') and a Postman import by URL call this server, on whatever port.
 */
function servedDocument(document: Record<string, unknown>, host: string | undefined): SiteFile {
  const server = host && plainHost.test(host) ? { url: `http://${host}`, description: 'The local server that served this document (npm start)' } : { url: '/', description: 'The origin that served this document' };
  return { contentType: 'application/json; charset=utf-8', body: Buffer.from(`${JSON.stringify({ ...document, servers: [server] }, null, 2)}\n`) };
}

const headers = (file: SiteFile, policy: string) => ({
  'Content-Type': file.contentType,
  'Content-Length': String(file.body.length),
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': policy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

function fileName(pathname: string): string | undefined {
  if (pathname === '/openapi.json') return 'openapi.json';
  if (pathname === '/docs/') return 'index.html';
  if (pathname.startsWith('/docs/')) return pathname.slice('/docs/'.length);
  return undefined;
}

/** Answers a documentation request and returns true; false for every other request. */
export async function serveDocs(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (url.pathname === '/docs') {
    request.resume();
    response.writeHead(301, { Location: '/docs/', 'Content-Length': '0' });
    response.end();
    return true;
  }
  const name = fileName(url.pathname);
  if (name === undefined) return false;
  const { document, files, policy } = await loadSite();
  const file = name === 'openapi.json' ? servedDocument(document, request.headers.host) : files.get(name);
  if (!file) return false;
  request.resume();
  response.writeHead(200, headers(file, policy));
  response.end(method === 'HEAD' ? undefined : file.body);
  return true;
}
