import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { portalDistDir } from '../../portal/build.js';
import { portalContentSecurityPolicy } from '../../portal/headers.js';

/**
 * Serves the built developer portal (portal/dist) at `/` on the API's own origin, so
 * the admin-session cookie is same-origin (as CloudFront does deployed: infra/portal-stack.ts).
 * Only GET/HEAD of `/` and of files that exist in the build are answered here; every
 * other request goes on to the route table.
 */

/** The portal's headers: its CSP (portal/headers.ts, CloudFront sends the same) and the API's hardening headers. */
export const portalSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': portalContentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** The file under portal/dist a path names, or undefined (API paths, traversal, unknown files). */
async function portalFile(pathname: string): Promise<string | undefined> {
  if (pathname.startsWith('/api/') || pathname.startsWith('/auth/')) return undefined;
  // The build's copy of the API reference is for the deployed portal; locally docs-routes.ts serves it from the code.
  if (pathname === '/openapi.json' || pathname === '/docs' || pathname.startsWith('/docs/')) return undefined;
  let relative: string;
  try {
    relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  } catch {
    return undefined;
  }
  const file = normalize(join(portalDistDir, relative));
  if (!file.startsWith(portalDistDir + sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

/** Answers the request from the portal build and returns true, or returns false to let the API answer. */
export async function servePortal(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return false;
  const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
  const file = await portalFile(pathname);
  // Not built (`npm start` builds it) or not a portal file: the API's JSON 404 answers.
  if (!file) return false;
  const body = await readFile(file);
  const hashed = pathname.startsWith('/assets/');
  response.writeHead(200, {
    ...portalSecurityHeaders,
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(body.length),
    // Vite names assets by content hash: they never change; index.html always may.
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  response.end(method === 'HEAD' ? undefined : body);
  return true;
}
