import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { portalReferenceFiles } from '../tools/openapi/portal-reference.js';

/** Writes the API reference (`docs/`, `openapi.json`) into the build, so it is deployed with the portal. */
function apiReference(): Plugin {
  return {
    name: 'signet-api-reference',
    apply: 'build',
    generateBundle() {
      for (const [fileName, file] of portalReferenceFiles()) this.emitFile({ type: 'asset', fileName, source: new Uint8Array(file.body) });
    },
  };
}

/**
 * The developer portal: a static Preact app served at `/` on the API's own origin
 * (tools/local/portal-static.ts locally, S3 + CloudFront deployed). No framework plugin:
 * Vite's own transform compiles TSX with Preact's automatic JSX runtime (tsconfig.json).
 * The build also holds the API reference (tools/openapi/portal-reference.ts).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  plugins: [apiReference()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // A strict CSP (`default-src 'self'`) allows no inline script: keep everything in files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    reportCompressedSize: false,
  },
});
