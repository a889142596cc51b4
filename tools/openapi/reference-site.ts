import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { referenceContentSecurityPolicy } from '../../portal/headers.js';

/**
 * The interactive API reference as a static folder: Swagger UI from the
 * `swagger-ui-dist` package (no CDN), a small start script and the document.
 * The local server serves it under /docs/ (tools/local/docs-routes.ts);
 * `npm run openapi -- --site <dir>` writes it for the portal's bucket. All URLs
 * are relative, so the folder works under any prefix.
 */

export interface SiteFile {
  contentType: string;
  body: Buffer;
}

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const indexHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${referenceContentSecurityPolicy}">
<title>Signet API reference</title>
<link rel="stylesheet" href="swagger-ui.css">
<link rel="icon" type="image/png" href="favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="swagger-ui-bundle.js"></script>
<script src="reference.js"></script>
</body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
const startScript = `window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  validatorUrl: null,
  deepLinking: true,
});
`;

const packaged: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Every file of the reference site by its relative path; `index.html` is the page. */
export function referenceSiteFiles(document: unknown): Map<string, SiteFile> {
  const files = new Map<string, SiteFile>([
    ['index.html', { contentType: 'text/html; charset=utf-8', body: Buffer.from(indexHtml) }],
    ['reference.js', { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(startScript) }],
    ['openapi.json', { contentType: 'application/json; charset=utf-8', body: Buffer.from(`${JSON.stringify(document, null, 2)}\n`) }],
  ]);
  for (const [name, contentType] of Object.entries(packaged)) {
    files.set(name, { contentType, body: readFileSync(join(swaggerDir, name)) });
  }
  return files;
}
