import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { functionBuildOptions } from '../infra/bundling.js';

/**
 * Bundles every function (and the baselines) exactly as the CDK app does
 * (infra/bundling.ts `functionBuildOptions`), through esbuild's JS API with a
 * metafile, into bench/bundles/<name>/index.mjs (git-ignored).
 */
export const projectRoot = join(import.meta.dirname, '..');
export const bundlesDir = join(projectRoot, 'bench', 'bundles');

export const baselineEntries = {
  empty: join(projectRoot, 'bench', 'baselines', 'empty.ts'),
  sdkOnly: join(projectRoot, 'bench', 'baselines', 'sdk-only.ts'),
  kdfOnly: join(projectRoot, 'bench', 'baselines', 'kdf-only.ts'),
} as const;

export interface BundleInput {
  /** A package name (`@aws-sdk/client-dynamodb`) or a first-party folder (`lib/http`). */
  group: string;
  bytes: number;
}

export interface Bundle {
  name: string;
  file: string;
  bytes: number;
  /** Bytes in the output per package / first-party folder, largest first. */
  composition: BundleInput[];
  /** Which first-party files import each bundled package directly (why it is there). */
  importedBy: Record<string, string[]>;
  flags: string[];
}

/** The options the CDK app bundles every function with (infra/bundling.ts), plus the metafile. */
export function esbuildOptions(): BuildOptions {
  return { ...functionBuildOptions, metafile: true, logLevel: 'silent' };
}

/** `node_modules/@scope/name/...` -> `@scope/name`; first-party files -> their folder. */
export function groupOf(path: string): string {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  if (at >= 0) {
    const parts = path.slice(at + marker.length).split('/');
    const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
    if (name === 'zod') return zodFlavour(path) ?? 'zod';
    return name;
  }
  const parts = path.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
}

/** zod 4 ships classic (the chainable `z`, large) and mini (functional, small) over a shared core. */
function zodFlavour(path: string): string | undefined {
  if (path.includes('/zod/v4/classic/')) return 'zod (classic)';
  if (path.includes('/zod/v4/mini/')) return 'zod/mini';
  if (path.includes('/zod/v4/core/')) return 'zod (core)';
  if (path.includes('/zod/v4/locales/')) return 'zod (locales)';
  return undefined;
}

const isFirstParty = (path: string) => !path.includes('node_modules/');

/** Names a package import by what it pulls in: `zod` is the classic API, `zod/mini` the small one. */
function importedGroup(path: string, specifier: string | undefined): string {
  if (specifier && /^zod(\/v4)?(\/classic)?$/.test(specifier)) return 'zod (classic)';
  if (specifier && /^zod(\/v4)?[/-]mini$/.test(specifier)) return 'zod/mini';
  if (specifier && /^zod\/v4\/core$/.test(specifier)) return 'zod (core)';
  return groupOf(path);
}

function packageImporters(metafile: Metafile, inputsOfOutput: Set<string>): Record<string, string[]> {
  const importers: Record<string, Set<string>> = {};
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (!isFirstParty(path) || !inputsOfOutput.has(path)) continue;
    for (const imported of input.imports) {
      if (imported.external || isFirstParty(imported.path)) continue;
      const group = importedGroup(imported.path, imported.original);
      (importers[group] ??= new Set()).add(path);
    }
  }
  return Object.fromEntries(Object.entries(importers).map(([group, files]) => [group, [...files].sort()]));
}

function flagsFor(name: string, groups: Map<string, number>, tableAccess: string | undefined): string[] {
  const flags: string[] = [];
  if (groups.has('zod (classic)')) flags.push('zod classic bundled (zod/mini would do: ~15 KB instead of ~450 KB)');
  else if (groups.has('zod/mini')) flags.push('zod/mini only');
  // One locale is a few KB; all of them means a whole zod namespace object was kept (e.g. `import { z }`).
  if ((groups.get('zod (locales)') ?? 0) > 20_000) flags.push('all zod locales bundled (a whole zod namespace is kept; see heavyImports)');
  if (tableAccess === 'none' && [...groups.keys()].some((group) => group.startsWith('@aws-sdk/') || group.startsWith('@smithy/'))) {
    flags.push('AWS SDK bundled by a function with no table access');
  }
  if (name === 'empty' && groups.size > 1) flags.push('empty baseline bundles dependencies');
  return flags;
}

export async function bundleAll(functionNames: string[], tableAccess: Map<string, string>): Promise<Bundle[]> {
  rmSync(bundlesDir, { recursive: true, force: true });
  mkdirSync(bundlesDir, { recursive: true });
  const entryPoints: Record<string, string> = {};
  for (const [name, entry] of Object.entries(baselineEntries)) entryPoints[`${name}/index`] = entry;
  for (const name of functionNames) entryPoints[`${name}/index`] = join(projectRoot, 'functions', name, 'handler.ts');
  const result = await build({ ...esbuildOptions(), entryPoints, outdir: bundlesDir });
  const metafile = result.metafile;
  if (!metafile) throw new Error('esbuild returned no metafile');

  return Object.keys(entryPoints).map((entryName) => {
    const name = entryName.replace(/\/index$/, '');
    const file = join(bundlesDir, name, 'index.mjs');
    const output = metafile.outputs[relative(projectRoot, file)];
    if (!output || !existsSync(file)) throw new Error(`No bundle written for ${name}`);
    const groups = new Map<string, number>();
    for (const [path, input] of Object.entries(output.inputs)) {
      const group = groupOf(path);
      groups.set(group, (groups.get(group) ?? 0) + input.bytesInOutput);
    }
    const composition = [...groups].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
    return {
      name,
      file,
      bytes: statSync(file).size,
      composition,
      importedBy: packageImporters(metafile, new Set(Object.keys(output.inputs))),
      flags: flagsFor(name, groups, tableAccess.get(name)),
    };
  });
}

/**
 * What a bundle carries beyond the sdkOnly baseline, per package / folder:
 * the bytes a function could shed before it reaches the irreducible cost.
 */
export function beyondBaseline(bundle: Bundle, baseline: Bundle, minimumBytes = 512): BundleInput[] {
  const baselineBytes = new Map(baseline.composition.map((input) => [input.group, input.bytes]));
  return bundle.composition
    .map((input) => ({ group: input.group, bytes: input.bytes - (baselineBytes.get(input.group) ?? 0) }))
    .filter((input) => input.bytes >= minimumBytes)
    .sort((a, b) => b.bytes - a.bytes);
}
