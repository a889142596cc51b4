import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildOpenApiDocument } from '../openapi/document.js';
import { referenceContentSecurityPolicy, referenceSiteFiles, type SiteFile } from '../openapi/reference-site.js';

/**
 * The local server's documentation routes (not API routes: the deployed API does
 * not serve them; the developer portal hosts the same static files):
 * GET /openapi.json, and the interactive reference at GET /docs (→ /docs/).
 */

let site: Map<string, SiteFile> | undefined;
const siteFiles = () => (site ??= referenceSiteFiles(buildOpenApiDocument()));

const headers = (file: SiteFile) => ({
  'Content-Type': file.contentType,
  'Content-Length': String(file.body.length),
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': `${referenceContentSecurityPolicy}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

function fileFor(pathname: string): SiteFile | undefined {
  if (pathname === '/openapi.json') return siteFiles().get('openapi.json');
  if (pathname === '/docs/') return siteFiles().get('index.html');
  if (pathname.startsWith('/docs/')) return siteFiles().get(pathname.slice('/docs/'.length));
  return undefined;
}

/** Answers a documentation request and returns true; false for every other request. */
export function serveDocs(request: IncomingMessage, response: ServerResponse, url: URL): boolean {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (url.pathname === '/docs') {
    request.resume();
    response.writeHead(301, { Location: '/docs/', 'Content-Length': '0' });
    response.end();
    return true;
  }
  const file = fileFor(url.pathname);
  if (!file) return false;
  request.resume();
  response.writeHead(200, headers(file));
  response.end(method === 'HEAD' ? undefined : file.body);
  return true;
}
