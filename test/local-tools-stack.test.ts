import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../tools/local/dynamo-local.js';
import { uniqueUsername } from './support/accounts.js';

const projectRoot = join(import.meta.dirname, '..');
const tsx = join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/**
 * The newcomer's path (issue 25): `npm start` on a DynamoDB named by DYNAMODB_ENDPOINT, then
 * `npm run invoke` and `npm run signet` from a plain shell (no DYNAMODB_ENDPOINT, TABLE_NAME,
 * AWS keys or pepper): what they create signs in through the running API.
 */
describe('local tools find the running npm start', () => {
  let tempDir: string;
  let toolEnv: NodeJS.ProcessEnv;

  beforeAll(() => {
    tempDir = mkdtempSync(join(tmpdir(), 'signet-tools-'));
    toolEnv = { ...process.env, TMPDIR: tempDir };
    for (const key of ['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'CLIENT_SECRET_PEPPER', 'NODE_OPTIONS', 'SIGNET_SILENT_LOGS']) delete toolEnv[key];
  });
  afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

  const runTool = (script: string, ...args: string[]) =>
    spawnSync(process.execPath, [tsx, script, ...args], { cwd: projectRoot, env: toolEnv, encoding: 'utf8', timeout: 120_000 });

  it('without one, the CLI says exactly what to run', () => {
    const run = runTool('scripts/signet.ts', 'create-admin', '--username', uniqueUsername('none'), '--password', 'long enough pass');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No running `npm start` of this checkout was found.');
    expect(run.stderr).toContain('npm start');
    expect(run.stderr).not.toMatch(/CLIENT_SECRET_PEPPER is required/);
  }, 150_000);

  it('a user created by invoke and one created by the CLI sign in through the running API', async () => {
    const port = await freePort();
    // npm start on the test's DynamoDB Local (DYNAMODB_ENDPOINT given, its credentials only in this environment).
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tempDir, PORT: String(port) };
    for (const key of ['NODE_OPTIONS', 'LOG_FORMAT', 'PUBLIC_BASE_URL']) delete env[key];
    const child = spawn(process.execPath, [tsx, 'scripts/start-local.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('Ctrl-C stops')) resolve();
        });
        void exited.then(() => reject(new Error(`npm start exited:\n${stderr}`)));
      });
      const login = (username: string, password: string) =>
        fetch(`http://127.0.0.1:${port}/auth/login`, { method: 'POST', body: new URLSearchParams({ username, password }) });

      const invoked = uniqueUsername('invoke');
      const event = JSON.parse(readFileSync(join(projectRoot, 'events', 'auth-add-user.json'), 'utf8')) as { body: string };
      event.body = new URLSearchParams({ username: invoked, password: 'correct-horse-1' }).toString();
      const eventFile = join(tempDir, 'add-user.json');
      writeFileSync(eventFile, JSON.stringify(event));
      const invoke = runTool('scripts/invoke.ts', 'auth-add-user', eventFile);
      expect(invoke.stdout).toContain('the running npm start');
      expect(invoke.stdout).toMatch(/── response 200/);
      expect((await login(invoked, 'correct-horse-1')).status).toBe(200);

      const cliUser = uniqueUsername('cli');
      const cli = runTool('scripts/signet.ts', 'create-admin', '--username', cliUser, '--password', 'long enough pass');
      expect(cli.stderr).toContain(`of the running npm start (http://127.0.0.1:${port})`);
      expect(cli.status).toBe(0);
      expect((await login(cliUser, 'long enough pass')).status).toBe(200);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    }
  }, 240_000);
});
