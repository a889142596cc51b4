import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLocalApi, type LocalApi } from './support/http.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

/** The README's curl walk-through, verbatim, on a random port (issue 25: it ran only on 3000, with a CSV it never made). */
describe('README: a walk through with curl', () => {
  let api: LocalApi;
  let workDir: string;
  beforeAll(async () => {
    api = await startLocalApi();
    workDir = mkdtempSync(join(tmpdir(), 'signet-readme-'));
  });
  afterAll(async () => {
    await api?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('runs as it is and reaches a grant, an import of the CSV it makes, and a redeem', async () => {
    const section = readme.slice(readme.indexOf('## A walk through with curl'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(block).toContain('B=http://127.0.0.1:${PORT:-3000}');
    const port = new URL(api.url).port;
    // Asynchronously: the server answering curl runs in this process.
    const { stdout } = await promisify(execFile)('bash', ['-e', '-o', 'pipefail', '-c', block], {
      cwd: workDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: port },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(stdout).toContain('"action":"granted"');
    expect(stdout).toMatch(/"imported":2\b/);
    expect(stdout).toContain('"signet_status":null');
    expect(stdout).toMatch(/"redeemed"|"license"/);
  }, 90_000);
});
