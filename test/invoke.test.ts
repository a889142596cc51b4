import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { announceRunningDynamo, findRunningDynamo } from '../tools/local/dynamo-discovery.js';
import { freePort } from '../tools/local/dynamo-local.js';
import { localEndpointCredentials } from '../lib/db/client.js';
import { applyLocalEnvironment, defaultEventFile, formatResult, invokeFunction, readEvent, runInvoke, UsageError } from '../scripts/invoke.js';

const projectRoot = join(import.meta.dirname, '..');

/** Logs are muted in tests; these cases read them. */
async function withLogs<T>(run: () => Promise<T>): Promise<T> {
  const previous = process.env.SIGNET_SILENT_LOGS;
  process.env.SIGNET_SILENT_LOGS = 'false';
  try {
    return await run();
  } finally {
    process.env.SIGNET_SILENT_LOGS = previous;
  }
}

const parsedLogs = (logs: string[]) => logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('npm run invoke (in process, on the test DynamoDB Local)', () => {
  it('invokes a handler with its event file and returns the response', async () => {
    const result = await invokeFunction('health', readEvent(defaultEventFile('health')));
    expect(result.response.statusCode).toBe(200);
    expect(JSON.parse(result.response.body)).toEqual({ ok: true });
  });

  it('leaves metrics (EMF) off unless METRICS says otherwise, as npm start does', () => {
    const previous = process.env.METRICS;
    try {
      delete process.env.METRICS;
      applyLocalEnvironment('health');
      expect(process.env.METRICS).toBe('off');
      process.env.METRICS = 'emf';
      applyLocalEnvironment('health');
      expect(process.env.METRICS).toBe('emf');
    } finally {
      if (previous === undefined) delete process.env.METRICS;
      else process.env.METRICS = previous;
    }
  });

  it('creates the table, runs add-user then login, and captures JSON logs keyed by the request id', async () => {
    const addUser = await withLogs(() => runInvoke({ functionName: 'auth-add-user' }));
    expect(addUser.response.statusCode).toBe(200);
    expect(JSON.parse(addUser.response.body).results.result_type).toBe('add-user');
    expect(addUser.dynamoEndpoint).toBe(process.env.DYNAMODB_ENDPOINT);

    const event = readEvent(defaultEventFile('auth-login'));
    const login = await withLogs(() => runInvoke({ functionName: 'auth-login', eventFile: defaultEventFile('auth-login') }));
    expect(login.response.statusCode).toBe(200);
    expect(JSON.parse(login.response.body).results.session_info.session_key).toMatch(/^[0-9a-f]{64}$/);

    const handled = parsedLogs(login.logs).find((entry) => entry.message === 'request handled');
    expect(handled).toMatchObject({
      level: 'DEBUG',
      service: 'signet',
      function_name: 'auth-login',
      correlation_id: event.requestContext.requestId,
      method: 'POST',
      resource: '/auth/login',
      status: 200,
    });
    // The event carries a password; nothing the function wrote may contain it.
    expect([...addUser.logs, ...login.logs].join('\n')).not.toContain('correct-horse-1');
    expect(formatResult(login)).toMatch(/── response 200/);
  });

  it('answers the fallback event with a 404 body and logs it', async () => {
    const result = await withLogs(() => runInvoke({ functionName: 'route-fallback' }));
    expect(result.response.statusCode).toBe(404);
    expect(parsedLogs(result.logs)).toEqual(expect.arrayContaining([expect.objectContaining({ status: 404, kind: 'routeNotFound' })]));
  });

  it('refuses unknown functions and unreadable event files with a usage error', async () => {
    await expect(runInvoke({ functionName: 'no-such-function' })).rejects.toBeInstanceOf(UsageError);
    await expect(runInvoke({ functionName: 'health', eventFile: 'events/does-not-exist.json' })).rejects.toThrow(/Cannot read the event file/);
  });
});

describe('npm run invoke next to a running npm start', () => {
  let tempDir: string;
  const saved = { TMPDIR: process.env.TMPDIR, DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT, TABLE_NAME: process.env.TABLE_NAME };
  beforeEach(() => {
    // npm start announces itself under the OS temp directory: a private one, so a developer's own npm start is not found.
    tempDir = mkdtempSync(join(tmpdir(), 'signet-invoke-'));
    process.env.TMPDIR = tempDir;
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(tempDir, { recursive: true, force: true });
  });

  it('reuses the announced DynamoDB and table when it answers, instead of starting its own', async () => {
    const withdraw = announceRunningDynamo({ endpoint: saved.DYNAMODB_ENDPOINT!, tableName: saved.TABLE_NAME!, credentials: localEndpointCredentials() });
    delete process.env.DYNAMODB_ENDPOINT;
    delete process.env.TABLE_NAME;
    try {
      const result = await runInvoke({ functionName: 'auth-add-user' });
      expect([200, 409]).toContain(result.response.statusCode); // 409: an earlier case added the event's user to this table
      expect(result).toMatchObject({ dynamoEndpoint: saved.DYNAMODB_ENDPOINT, reused: true });
      expect(process.env.TABLE_NAME).toBe(saved.TABLE_NAME);
      expect(formatResult(result)).toContain(`(table ${saved.TABLE_NAME} on ${saved.DYNAMODB_ENDPOINT}, the running npm start)`);
    } finally {
      withdraw();
    }
    expect(await findRunningDynamo()).toBeUndefined();
  });

  it('ignores an announcement nothing answers (an npm start that died)', async () => {
    const withdraw = announceRunningDynamo({ endpoint: `http://127.0.0.1:${await freePort()}`, tableName: 'signet-local', credentials: localEndpointCredentials() });
    try {
      expect(await findRunningDynamo()).toBeUndefined();
    } finally {
      withdraw();
    }
  });
});

describe('npm run invoke (command line)', () => {
  it('starts its own DynamoDB Local when DYNAMODB_ENDPOINT is unset, and prints logs and response', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'SIGNET_SILENT_LOGS', 'NODE_OPTIONS', 'LOG_LEVEL']) delete env[key];
    env.TMPDIR = mkdtempSync(join(tmpdir(), 'signet-invoke-')); // no npm start announced there
    const run = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/invoke.ts', 'auth-add-user', 'events/auth-add-user.json'], {
      cwd: projectRoot,
      env,
      encoding: 'utf8',
      timeout: 180_000,
    });
    rmSync(env.TMPDIR, { recursive: true, force: true });
    expect(run.stderr).not.toMatch(/Invocation failed/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/── auth-add-user \(table signet-local on http:\/\/127\.0\.0\.1:\d+\)/);
    expect(run.stdout).toMatch(/"message":"request handled"/);
    expect(run.stdout).toMatch(/── response 200/);
    expect(run.stdout).toContain('"result_type": "add-user"');
    expect(run.stdout).toContain('No running npm start was found, so this call used a DynamoDB Local of its own');
  }, 200_000);

  it('prints usage and fails without a function name', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/invoke.ts'], { cwd: projectRoot, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Usage: npm run invoke -- <function> \[event.json\]/);
  }, 90_000);
});
