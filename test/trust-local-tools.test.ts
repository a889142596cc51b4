import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startLocalServer } from '../tools/local/server.js';
import { formatRequestLine } from '../tools/local/terminal-output.js';
import { ensureTable, startDynamoLocal } from '../tools/local/dynamo-local.js';
import type { ServedRequest } from '../tools/local/terminal-output.js';

/** Issue 21: what npm start's tooling leaves readable on the machine. */
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('the readable request log', () => {
  it('never prints a session key or any *key*/*token* query parameter', async () => {
    const lines: string[] = [];
    const server = await startLocalServer({ port: 0, host: '127.0.0.1', onRequest: (served: ServedRequest) => lines.push(formatRequestLine(served)) });
    const sessionKey = 'ab'.repeat(32);
    try {
      await get(`${server.url}/auth/get-login-status?session_user_id=1&session_key=${sessionKey}`);
      await get(`${server.url}/auth/get-login-status?username=x&access_token=tok123secret&apiKey=k987`);
      while (lines.length < 2) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      await server.close();
    }
    const log = lines.join('\n');
    expect(log).toContain('/auth/get-login-status?session_user_id=1&session_key=***');
    expect(log).not.toContain(sessionKey);
    expect(log).not.toContain('tok123secret');
    expect(log).not.toContain('k987');
  });
});

describe('DATA_DIR', () => {
  it('is created 0700 and its files are 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'signet-data-'));
    const dataDir = join(parent, 'data');
    const dynamo = await startDynamoLocal({ dataDir });
    try {
      await ensureTable(dynamo.endpoint, 'ModesTest');
    } finally {
      await dynamo.stop();
    }
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dataDir);
      expect(files.some((name) => name.endsWith('.db'))).toBe(true);
      for (const name of files) expect([name, statSync(join(dataDir, name)).mode & 0o777]).toEqual([name, 0o600]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
