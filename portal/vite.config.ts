import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The developer portal: a static Preact app served at `/` on the API's own origin
 * (lib/local/portal-static.ts locally, S3 + CloudFront deployed). No plugin: Vite's
 * own transform compiles TSX with Preact's automatic JSX runtime (tsconfig.json).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
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
