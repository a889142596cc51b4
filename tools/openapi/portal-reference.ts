import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSiteFiles, type SiteFile } from './reference-site.js';

/**
 * The API reference as the deployed developer portal publishes it: the static site of
 * reference-site.ts under `docs/` and the document again at `/openapi.json`, written into
 * portal/dist by the portal build (portal/vite.config.ts) and so deployed with the portal's
 * files (infra/portal-stack.ts). It reads the committed docs/openapi.json, which
 * test/openapi-document.test.ts keeps equal to what the code generates, so the build needs
 * none of the API's modules.
 */
export const referenceDocumentPath = join(import.meta.dirname, '..', '..', 'docs', 'openapi.json');

/** Deployed, the API is on the portal's own origin: "Try it out" calls it there (the CSP allows only 'self'). */
const sameOriginServer = { url: '/', description: "This deployment: the API on the developer portal's origin" };

/** Files by their path in the portal build: `docs/index.html`, ..., and `openapi.json`. */
export function portalReferenceFiles(documentText: string = readFileSync(referenceDocumentPath, 'utf8')): Map<string, SiteFile> {
  const document = { ...(JSON.parse(documentText) as Record<string, unknown>), servers: [sameOriginServer] };
  const files = new Map<string, SiteFile>();
  for (const [name, file] of referenceSiteFiles(document)) files.set(`docs/${name}`, file);
  const copy = files.get('docs/openapi.json');
  if (copy) files.set('openapi.json', copy);
  return files;
}
