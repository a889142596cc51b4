import { startFakeSecretsManager } from './support/fake-secrets-manager.js';

/**
 * Deployed, functions hold only the pepper secret's ARN and read the value with the AWS SDK
 * (lib/secrets/pepper.ts). Here the real handlers run against a local Secrets Manager
 * stand-in (test/support/fake-secrets-manager.ts) reached through SECRETS_MANAGER_ENDPOINT:
 * one read per container, and a replaced value used once the cache TTL has passed,
 * with time moved by the injected clock.
 */
const fake = await startFakeSecretsManager();
const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:signet/test/client-secret-pepper-AbCdEf';
fake.putSecret(secretArn, `first-pepper-${'x'.repeat(40)}`);
delete process.env.CLIENT_SECRET_PEPPER;
process.env.CLIENT_SECRET_PEPPER_SECRET_ARN = secretArn;
process.env.SECRETS_MANAGER_ENDPOINT = fake.url;
process.env.CLIENT_SECRET_PEPPER_CACHE_SECONDS = '300';

const { coldContainer } = await import('./support/settings.js');
coldContainer();
const { clientSecretPepper } = await import('../lib/secrets/pepper.js');
const { manualClock, useClock } = await import('../lib/clock.js');
const { runWithRequestContext } = await import('../lib/request-context.js');
const { createAdminSession } = await import('./support/accounts.js');
const { createApplication } = await import('./support/applications.js');
const { api, basicAuth } = await import('./support/api.js');

afterAll(async () => {
  await fake.close();
});

const listUsers = (appId: string, clientSecret: string) => api('GET', `/api/applications/${appId}/users`, { headers: basicAuth(appId, clientSecret) });

describe('the client-secret pepper from Secrets Manager', () => {
  it('is read through the SDK by the real handlers: a secret made by one function verifies in another, with one read per container', async () => {
    const admin = await createAdminSession();
    const app = await createApplication(admin.headers);
    expect((await listUsers(app.appId, app.clientSecret)).status).toBe(200);
    expect((await listUsers(app.appId, 'signet_cs_wrong')).status).toBe(401);
    expect(fake.calls).toEqual([secretArn]);
  });

  it('keeps the value for CLIENT_SECRET_PEPPER_CACHE_SECONDS, then uses the replaced one (no redeploy)', async () => {
    const clock = manualClock();
    const restore = useClock(clock);
    try {
      const admin = await createAdminSession();
      const before = await createApplication(admin.headers);
      const reads = fake.calls.length;
      fake.putSecret(secretArn, `second-pepper-${'y'.repeat(40)}`);

      clock.advance(290_000);
      expect((await listUsers(before.appId, before.clientSecret)).status).toBe(200);
      expect(fake.calls.length).toBe(reads);

      clock.advance(20_000);
      // Past the TTL the new value hashes: a secret stored under the old one no longer verifies.
      expect((await listUsers(before.appId, before.clientSecret)).status).toBe(401);
      expect(fake.calls.length).toBe(reads + 1);
      expect(await clientSecretPepper()).toBe(`second-pepper-${'y'.repeat(40)}`);
      const after = await createApplication(admin.headers);
      expect((await listUsers(after.appId, after.clientSecret)).status).toBe(200);
    } finally {
      restore();
    }
  });

  it("reads inside the request's deadline: a request already out of time gets 503 unavailable, not a hanging read", async () => {
    coldContainer();
    const reads = fake.calls.length;
    const controller = new AbortController();
    controller.abort();
    const context = { deadlineAt: 0, signal: controller.signal, writeSent: false, answered: false };
    await expect(runWithRequestContext(context, () => clientSecretPepper())).rejects.toMatchObject({ kind: 'unavailable' });
    expect(fake.calls.length).toBe(reads);
  });

  it('keeps the value it holds when a refresh fails, and fails when it holds none', async () => {
    const clock = manualClock();
    const restore = useClock(clock);
    try {
      const held = await clientSecretPepper();
      fake.deleteSecret(secretArn);
      clock.advance(301_000);
      expect(await clientSecretPepper()).toBe(held);
      coldContainer();
      await expect(clientSecretPepper()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    } finally {
      restore();
    }
  });
});
