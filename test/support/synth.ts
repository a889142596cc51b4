import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { signetApp } from '../../infra/signet-app.js';

/**
 * The deployable dev assembly (templates and one esbuild bundle per function), as
 * `cdk synth` makes it, synthesized at most once per source state and shared by every
 * test that needs it and by later runs: it is cached under
 * node_modules/.cache/signet-synth/<hash>, keyed by a hash of everything the synth
 * reads (infra/, lib/, functions/, the portal's build.ts and headers.ts, the lockfile, cdk.json,
 * tsconfig.json, this file). In process,
 * with infra/signet-app.ts (cdk-nag included): no CDK CLI, no second TypeScript loader.
 */
const projectRoot = join(import.meta.dirname, '..', '..');
const cacheRoot = join(projectRoot, 'node_modules', '.cache', 'signet-synth');
const synthInputs = ['infra', 'lib', 'functions', 'workers', 'portal/build.ts', 'portal/headers.ts', 'package-lock.json', 'cdk.json', 'tsconfig.json', 'test/support/synth.ts'];

export function sourceHash(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
      return;
    }
    hash.update(relative(projectRoot, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const input of synthInputs) if (existsSync(join(projectRoot, input))) visit(join(projectRoot, input));
  return hash.digest('hex').slice(0, 20);
}

/** cdk.json's context, as the CDK CLI passes it, with what the CLI turns on: the asset metadata SAM reads, path metadata, version reporting. */
function cliContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return { ...cdkJson.context, 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': true, 'aws:cdk:version-reporting': true };
}

/** The directory of the dev assembly of the current sources (Signet-dev-Api.template.json, asset.* bundles). */
export function deployableAssembly(): string {
  const hash = sourceHash();
  const dir = join(cacheRoot, hash);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  mkdirSync(cacheRoot, { recursive: true });
  // Built aside and renamed: a reader never sees half an assembly, and two builders never mix theirs.
  const building = join(cacheRoot, `${hash}.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  signetApp({ outdir: building, context: cliContext() }).synth();
  if (existsSync(join(dir, 'manifest.json'))) {
    rmSync(building, { recursive: true, force: true });
  } else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
  }
  // Keep one state: older assemblies are of sources that no longer exist.
  for (const entry of readdirSync(cacheRoot)) if (entry !== hash && !entry.includes('.building-')) rmSync(join(cacheRoot, entry), { recursive: true, force: true });
  return dir;
}
