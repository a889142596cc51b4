import { spawnSync } from 'node:child_process';
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The portal's build, beside the portal: `npm start` (tools/local), the browser tests,
 * `npm run screenshots` and the deployment (infra/portal-stack.ts, whose bucket gets
 * portal/dist) all build and find it here.
 */
const portalDir = import.meta.dirname;
const projectRoot = join(portalDir, '..');
export const portalDistDir = join(portalDir, 'dist');

function newestModification(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestModification(join(path, name))));
}

/** True when portal/dist/index.html is missing or older than any portal source (the API reference's included). */
export function portalBuildIsStale(): boolean {
  let built: number;
  try {
    built = statSync(join(portalDistDir, 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  const sources = [
    ...['index.html', 'vite.config.ts', 'headers.ts', 'src', 'public'].map((name) => join(portalDir, name)),
    // The API reference the build writes into docs/ (tools/openapi/portal-reference.ts).
    ...['docs/openapi.json', 'tools/openapi/reference-site.ts', 'tools/openapi/portal-reference.ts'].map((name) => join(projectRoot, name)),
  ];
  return Math.max(...sources.map(newestModification)) > built;
}

/**
 * Builds the portal with Vite (a child process: about 2 s) when the build is missing or
 * stale. `npm start`, the browser tests, `npm run screenshots` and `cdk synth` call this first.
 */
export function ensurePortalBuilt(): void {
  if (!portalBuildIsStale()) return;
  const vite = join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  // Built aside, then swapped in: a test worker serving the old build never sees a half-written one.
  const fresh = `${portalDistDir}.${process.pid}`;
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(portalDir, 'vite.config.ts'), '--outDir', fresh, '--emptyOutDir'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(fresh, { recursive: true, force: true });
    throw new Error(`The portal build failed:\n${result.stderr || result.stdout}`);
  }
  const old = `${portalDistDir}.old.${process.pid}`;
  try {
    renameSync(portalDistDir, old);
  } catch {
    // no earlier build
  }
  renameSync(fresh, portalDistDir);
  rmSync(old, { recursive: true, force: true });
}
