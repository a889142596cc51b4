import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm ci` (README, .ci/run) installs exactly package-lock.json, and refuses a lockfile
 * that does not satisfy package.json, including one pruned to this machine's platform
 * (other platforms' optional bindings missing). npm itself is the judge: `npm ci
 * --dry-run` on a copy of package.json and the lockfile, offline with an empty cache, so
 * it neither touches node_modules nor needs the registry.
 */
const projectRoot = join(import.meta.dirname, '..');

function npmCiDryRun(lockfile: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'signet-lockfile-'));
  try {
    copyFileSync(join(projectRoot, 'package.json'), join(dir, 'package.json'));
    writeFileSync(join(dir, 'package-lock.json'), lockfile);
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = spawnSync(
      'npm',
      ['ci', '--dry-run', '--ignore-scripts', '--offline', '--no-audit', '--no-fund', '--loglevel=error', '--cache', join(dir, '.npm-cache')],
      { cwd: dir, env, encoding: 'utf8', timeout: 60_000 },
    );
    return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lockfile = readFileSync(join(projectRoot, 'package-lock.json'), 'utf8');

describe('package-lock.json', () => {
  it('satisfies `npm ci` (else regenerate it for every platform: rm -rf node_modules package-lock.json && npm install)', () => {
    const run = npmCiDryRun(lockfile);
    expect([run.status, run.output.slice(-2000)]).toEqual([0, expect.any(String)]);
  });

  it('is refused by this check when pruned to one platform, as the first lockfile was', () => {
    const lock = JSON.parse(lockfile) as { packages: Record<string, unknown> };
    const bindings = Object.keys(lock.packages).filter((path) => path.includes('@unrs/resolver-binding-'));
    expect(bindings.length).toBeGreaterThan(1);
    for (const path of bindings.slice(1)) delete lock.packages[path];
    const run = npmCiDryRun(JSON.stringify(lock, null, 2));
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/Missing: @unrs\/resolver-binding-/);
  });
});
