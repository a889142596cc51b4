import { writeOpenApiArtifacts } from '../tools/openapi/artifacts.js';

/**
 * npm run openapi: regenerates docs/openapi.json, docs/api.md and the caller types
 * (portal/src/api/generated/signet-api.ts) from the route table and the schemas. With
 * `--site <dir>` it also writes the static API reference (Swagger UI) for the portal.
 */
const siteIndex = process.argv.indexOf('--site');
const siteDir = siteIndex >= 0 ? process.argv[siteIndex + 1] : undefined;
if (siteIndex >= 0 && !siteDir) throw new Error('--site needs a directory');
const written = await writeOpenApiArtifacts({ siteDir });
for (const file of written) console.log(`wrote ${file}`);
