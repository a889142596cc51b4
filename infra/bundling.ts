import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync, type BuildOptions } from 'esbuild';
import type { IConstruct } from 'constructs';

/**
 * How every function is bundled: esbuild, minified ESM for Node 22, AWS SDK
 * included (a pinned SDK instead of the runtime's), with a `require` shim for
 * the few CommonJS dependencies. The benchmark (bench/bundles.ts) bundles with
 * these options too.
 */
export const esmRequireShim = "import { createRequire as __signetCreateRequire } from 'node:module'; const require = __signetCreateRequire(import.meta.url);";

export const projectRoot = join(import.meta.dirname, '..');

export const functionBuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  external: [],
  banner: { js: esmRequireShim },
  outExtension: { '.js': '.mjs' },
  absWorkingDir: projectRoot,
};

/** The file a bundle is written to (and the `index.handler` the functions name). */
export const bundleFile = 'index.mjs';

/** The folders whose `<name>/handler.ts` are deployed functions: one per route-table function, and the workers. */
const handlerFolders = ['functions', 'workers'];

/** `functions/auth-login/index` -> functions/auth-login/handler.ts, for every deployed handler. */
function handlerEntryPoints(): Record<string, string> {
  const entryPoints: Record<string, string> = {};
  for (const folder of handlerFolders) {
    for (const name of readdirSync(join(projectRoot, folder)).sort()) {
      const entry = join(projectRoot, folder, name, 'handler.ts');
      if (existsSync(entry)) entryPoints[`${folder}/${name}/index`] = entry;
    }
  }
  return entryPoints;
}

/**
 * Every handler bundled by ONE esbuild build (many entry points, no code
 * splitting, so each output stays self-contained): the dependency graph (AWS SDK,
 * zod, Powertools, lib/) is parsed once instead of once per function. Built on
 * the first bundle an app asks for, into a temporary folder removed at exit.
 */
const builds = new WeakMap<IConstruct, string>();

function bundlesOf(app: IConstruct): string {
  const built = builds.get(app);
  if (built) return built;
  const outdir = mkdtempSync(join(tmpdir(), 'signet-bundles-'));
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  buildSync({ ...functionBuildOptions, entryPoints: handlerEntryPoints(), outdir, logLevel: 'warning' });
  builds.set(app, outdir);
  return outdir;
}

/**
 * The Lambda code of `<folder>/<name>/handler.ts` (handler `index.handler`): its own
 * asset (a folder with `index.mjs`), hashed by its content like any bundled asset, so
 * unchanged sources give the same asset. It goes through CDK's local bundling, so
 * `aws:cdk:bundling-stacks` still skips it (the unbundled test apps) and the assembly
 * keeps the asset metadata `sam local` reads.
 */
export function handlerCode(scope: IConstruct, folder: 'functions' | 'workers', name: string): Code {
  const relative = join(folder, name);
  return Code.fromAsset(join(projectRoot, relative), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling below always succeeds or throws.
      image: DockerImage.fromRegistry('dummy'),
      local: {
        tryBundle(outputDir: string): boolean {
          copyFileSync(join(bundlesOf(scope.node.root), relative, bundleFile), join(outputDir, bundleFile));
          return true;
        },
      },
    },
  });
}
