import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoveryFile } from '../tools/local/dynamo-discovery.js';
import { freePort } from '../tools/local/dynamo-local.js';
import { linkLines, localLinks } from '../tools/local/links.js';
import { chooseLogFormat, formatOutputLine, formatRequestLine, installPrettyOutput } from '../tools/local/terminal-output.js';

const projectRoot = join(import.meta.dirname, '..');

describe('npm start on a terminal: readable lines', () => {
  it('prints pretty on a terminal and JSON when piped, unless LOG_FORMAT says otherwise', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('shows one request as method, path, status, duration and request id', () => {
    const line = formatRequestLine(
      { method: 'POST', path: '/auth/login', status: 401, ms: 12.4, requestId: '9664a875-2b15-4623-8eab-be8408477c70' },
      { now: new Date('2026-12-01T17:25:51.017Z') },
    );
    expect(line).toBe('17:25:51.017 POST   /auth/login 401 12 ms 9664a875-2b15-4623-8eab-be8408477c70');
  });

  it('names what a failed function threw, without its message', () => {
    const error = new TypeError('secret-looking input hunter2');
    const text = formatRequestLine({ method: 'GET', path: '/health', status: 502, ms: 3, requestId: 'r-1', error });
    expect(text.split('\n')[0]).toMatch(/GET {4}\/health 502 3 ms r-1$/);
    expect(text).toContain('the function threw TypeError');
    expect(text).not.toContain('hunter2');
  });

  it('rewrites a JSON log entry as level, message and its own fields, and keeps other lines', () => {
    const entry = {
      level: 'WARN',
      message: 'slow',
      timestamp: '2026-12-01T17:25:51.017Z',
      service: 'signet',
      stage: 'local',
      function_name: 'auth-login',
      correlation_id: 'r-1',
      cold_start: true,
      ms: 1200,
      kind: 'an odd kind',
    };
    expect(formatOutputLine(JSON.stringify(entry))).toBe('17:25:51.017 WARN   slow ms=1200 kind="an odd kind" [auth-login]');
    expect(formatOutputLine('plain text')).toBe('plain text');
    expect(formatOutputLine('[1,2]')).toBe('[1,2]');
    const emf = { _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'Signet', Dimensions: [['service']], Metrics: [{ Name: 'Logins', Unit: 'Count' }] }] }, service: 'signet', Logins: 1 };
    expect(formatOutputLine(JSON.stringify(emf)).trim()).toBe('metrics Logins=1');
  });

  it('rewrites what the process writes, whole lines at a time, until undone', () => {
    const written: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write;
    try {
      const undo = installPrettyOutput({ color: false });
      process.stdout.write('{"level":"INFO","message":"hel');
      process.stdout.write('lo","timestamp":"2026-12-01T17:25:51.017Z"}\nraw\n');
      undo();
      process.stdout.write('after\n');
    } finally {
      process.stdout.write = original;
    }
    expect(written.join('')).toBe('17:25:51.017 INFO   hello\nraw\nafter\n');
  });

  it('lists every link of tools/local/links.ts in the banner, with its full URL', () => {
    const lines = linkLines('http://127.0.0.1:3000');
    expect(lines).toHaveLength(localLinks.length);
    expect(lines[0]).toMatch(/^ {2}API +http:\/\/127\.0\.0\.1:3000\/health/);
    expect(linkLines('http://h', [{ name: 'API', path: '/health' }, { name: 'API docs', path: '/docs' }])).toEqual(['  API       http://h/health', '  API docs  http://h/docs']);
  });
});

describe('npm start piped', () => {
  it('writes only JSON log lines on stdout (banner on stderr), announces its DynamoDB while it runs, and withdraws it on exit', async () => {
    const tempDir = mkdtempSync(join(tmpdir(), 'signet-start-'));
    const previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = tempDir; // the child's TMPDIR too: discoveryFile() then names the file it writes
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: 'DEBUG', SIGNET_SILENT_LOGS: 'false' };
    for (const key of ['NODE_OPTIONS', 'LOG_FORMAT', 'METRICS', 'PUBLIC_BASE_URL']) delete env[key];
    const child = spawn(process.execPath, [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start-local.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('Ctrl-C stops')) resolve();
        });
        void exited.then(() => reject(new Error(`npm start exited:\n${stderr}`)));
      });
      expect(stderr).toMatch(new RegExp(`API +http://127\\.0\\.0\\.1:${port}/health`));
      expect(JSON.parse(readFileSync(discoveryFile(), 'utf8'))).toEqual({
        endpoint: process.env.DYNAMODB_ENDPOINT,
        tableName: process.env.TABLE_NAME,
        // what invoke and the CLI need, though DYNAMODB_ENDPOINT was given: the credentials it uses, its pepper, its URL
        credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
        clientSecretPepper: expect.any(String),
        baseUrl: `http://127.0.0.1:${port}`,
        pid: expect.any(Number),
      });

      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      const login = await fetch(`http://127.0.0.1:${port}/auth/login`, { method: 'POST', body: new URLSearchParams({ username: 'nobody@example.com', password: 'wrong-password-1' }) });
      expect(login.status).toBe(401);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(discoveryFile())).toBe(false);
      const lines = stdout.split('\n').filter((line) => line.trim());
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 'DEBUG', message: 'request handled', function_name: 'health', status: 200, correlation_id: expect.any(String) }),
          expect.objectContaining({ message: 'request handled', function_name: 'auth-login', status: 401 }),
        ]),
      );
      // Metrics are off: no EMF line, though a failed login counts one.
      expect(entries.filter((entry) => '_aws' in entry)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM'); // tsx passes it on; SIGKILL would orphan the server process
      process.env.TMPDIR = previousTmp;
      if (previousTmp === undefined) delete process.env.TMPDIR;
      rmSync(tempDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** util-linux `script` gives the child a pseudo-terminal; elsewhere (macOS's BSD script) this case is skipped. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') ?? false;

describe('npm start on a pseudo-terminal', () => {
  (hasScript ? it : it.skip)('prints the banner and one readable line per request', async () => {
    const tempDir = mkdtempSync(join(tmpdir(), 'signet-start-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), TMPDIR: tempDir, SIGNET_SILENT_LOGS: 'false', TERM: 'dumb' };
    for (const key of ['NODE_OPTIONS', 'LOG_FORMAT', 'METRICS', 'PUBLIC_BASE_URL', 'LOG_LEVEL']) delete env[key];
    const command = `${process.execPath} ${join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs')} scripts/start-local.ts`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: projectRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const escape = String.fromCharCode(27);
    const plain = () => output.split(escape).map((part, index) => (index === 0 ? part : part.replace(/^\[[0-9;]*m/, ''))).join('').replace(/\r/g, '');
    const waitFor = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => pattern.test(plain()) && resolve();
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          check();
        });
        child.once('exit', () => reject(new Error(`npm start exited:\n${plain()}`)));
        check();
      });
    try {
      await waitFor(/Ctrl-C stops/);
      expect(plain()).toMatch(new RegExp(`API +http://127\\.0\\.0\\.1:${port}/health`));
      expect(plain()).toContain('Logs: readable');
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      await waitFor(/GET +\/health 200 \d+ ms [0-9a-f-]{36}\n/);
      // No JSON on a terminal: the request line, not a log entry or an EMF line.
      expect(plain().split('\n').filter((line) => line.trim().startsWith('{'))).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      rmSync(tempDir, { recursive: true, force: true });
    }
  }, 120_000);
});
