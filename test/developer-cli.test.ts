import { loadActiveClientSecrets, verifyClientSecret } from '../lib/applications/client-secrets.js';
import { main, type CliIo } from '../scripts/signet.js';
import { loginUser, uniqueUsername } from './support/accounts.js';
import { api } from './support/api.js';
import { appIdClaimedBy, uniqueHostname } from './support/applications.js';

/** The admin CLI's main function, in-process against this file's DynamoDB Local table. */
async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(argv, io);
  return { code, out, err };
}

async function runJson(...argv: string[]) {
  const result = await run(...argv, '--json');
  expect(result).toMatchObject({ code: 0 });
  return JSON.parse(result.out[0] ?? '{}');
}

describe('npm run signet', () => {
  it('creates an admin who can sign in, an app for them by username, and rotates its secret', async () => {
    const username = uniqueUsername('cli');
    const admin = await runJson('create-admin', '--username', username, '--password', 'long enough pass');
    expect(admin).toEqual({ userId: expect.any(Number), globalId: expect.stringMatching(/^[A-Z]{2}\d{4}$/), username });
    const session = await loginUser({ username, password: 'long enough pass' });

    const hostname = uniqueHostname('cli');
    const created = await run('create-app', '--owner', username, '--name', 'CLI App', '--hostname', hostname, '--hostname', `www.${hostname}`);
    expect(created.code).toBe(0);
    const printed = Object.fromEntries(created.out.map((line) => line.split(/:\s+/, 2) as [string, string]));
    expect(printed).toMatchObject({
      appId: expect.stringMatching(/^app_/),
      name: 'CLI App',
      hostnames: `${hostname}, www.${hostname}`,
      ownerUserId: String(admin.userId),
      secretId: expect.stringMatching(/^sec_/),
      clientSecret: expect.stringMatching(/^signet_cs_/),
    });
    expect(created.err.join('\n')).toMatch(/shown only now/);
    const appId = printed.appId as string;
    expect(await appIdClaimedBy(`WWW.${hostname}`)).toBe(appId);
    expect((await verifyClientSecret(appId, printed.clientSecret as string))?.secretId).toBe(printed.secretId);

    // The owner sees it through the developer API.
    const shown = await api('GET', `/api/developer/applications/${appId}`, { headers: session.headers });
    expect(shown.status).toBe(200);

    const rotated = await runJson('rotate-secret', '--app', appId);
    expect(rotated).toEqual({ appId, secretId: expect.stringMatching(/^sec_/), clientSecret: expect.stringMatching(/^signet_cs_/) });
    expect((await loadActiveClientSecrets(appId)).map((secret) => secret.secretId)).toEqual([printed.secretId, rotated.secretId]);

    expect(await runJson('retire-secret', '--app', appId, '--secret', printed.secretId as string)).toEqual({
      appId,
      retiredSecretId: printed.secretId,
    });
    expect(await verifyClientSecret(appId, printed.clientSecret as string)).toBeUndefined();
    expect((await verifyClientSecret(appId, rotated.clientSecret))?.secretId).toBe(rotated.secretId);

    const last = await run('retire-secret', '--app', appId, '--secret', rotated.secretId);
    expect(last.code).toBe(1);
    expect(last.err.join('\n')).toMatch(/last active client secret/);
  });

  it('accepts a numeric owner id', async () => {
    const admin = await runJson('create-admin', '--username', uniqueUsername('cli'), '--password', 'long enough pass');
    const created = await runJson('create-app', '--owner', String(admin.userId), '--name', 'By id', '--hostname', uniqueHostname('cli'));
    expect(created.ownerUserId).toBe(admin.userId);
  });

  it('fails with exit code 1 and a message for an unknown owner, a taken hostname or username, an unknown app', async () => {
    const hostname = uniqueHostname('cli');
    const username = uniqueUsername('cli');
    await runJson('create-admin', '--username', username, '--password', 'long enough pass');
    await runJson('create-app', '--owner', username, '--name', 'First', '--hostname', hostname);
    const cases: Array<[string[], RegExp]> = [
      [['create-app', '--owner', 'nobody@example.com', '--name', 'X', '--hostname', uniqueHostname()], /No user nobody@example.com/],
      [['create-app', '--owner', '123', '--name', 'X', '--hostname', uniqueHostname()], /No user 123/],
      [['create-app', '--owner', username, '--name', 'Second', '--hostname', hostname], /already used/],
      [['create-admin', '--username', username, '--password', 'long enough pass'], /already registered/],
      [['rotate-secret', '--app', 'app_00000000000000000000'], /No such application/],
      [['retire-secret', '--app', 'app_00000000000000000000', '--secret', 'sec_0000000000000000'], /No such application/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(...argv);
      expect(result.code).toBe(1);
      expect(result.err.join('\n')).toMatch(message);
    }
  });

  it('fails with exit code 2 and the usage for bad usage', async () => {
    const cases: string[][] = [
      [],
      ['unknown-command'],
      ['create-app', '--name', 'X', '--hostname', 'a.example.com'],
      ['create-app', '--owner', '1', '--name', 'X'],
      ['create-app', '--owner', '1', '--name', 'X', '--hostname', 'https://bad/'],
      ['create-admin', '--username', 'not-an-email', '--password', 'long enough pass'],
      ['create-admin', '--username', uniqueUsername(), '--password', 'short'],
      ['rotate-secret'],
      ['rotate-secret', '--app', 'a', '--bogus'],
      ['rotate-secret', '--app', 'a', 'extra'],
    ];
    for (const argv of cases) {
      const result = await run(...argv);
      expect(result.code).toBe(2);
      expect([...result.out, ...result.err].join('\n')).toMatch(/Usage: npm run signet/);
    }
    const help = await run('--help');
    expect(help.code).toBe(0);
  });
});
