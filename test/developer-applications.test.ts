import {
  hashClientSecret,
  loadActiveClientSecrets,
  markClientSecretUsed,
  matchSecretHash,
  verifyClientSecret,
} from '../lib/applications/client-secrets.js';
import { createAdminSession, type AdminSession } from './support/accounts.js';
import { api } from './support/api.js';
import { appIdClaimedBy, createApplication, uniqueHostname } from './support/applications.js';

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let admin: AdminSession;

beforeAll(async () => {
  admin = await createAdminSession();
});

describe('POST /api/developer/applications', () => {
  it('creates an application with its first secret, shown once, in the documented shape', async () => {
    const hostname = uniqueHostname();
    const response = await api('POST', '/api/developer/applications', {
      headers: admin.headers,
      body: { name: '  My App  ', hostnames: [hostname.toUpperCase(), 'second.' + hostname] },
    });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({
      ok: true,
      application: {
        appId: expect.stringMatching(/^app_[0-9a-z]{20}$/),
        name: 'My App',
        hostnames: [hostname, 'second.' + hostname],
        hostnameStatus: [
          { hostname, status: 'verified', record: null }, // reserved (RFC 2606) names are verified at once
          { hostname: 'second.' + hostname, status: 'verified', record: null },
        ],
        passwordResetUrl: null,
        createdAt: expect.stringMatching(iso),
        clientSecrets: [{ secretId: response.json.secretId, createdAt: expect.stringMatching(iso), lastUsedAt: null }],
      },
      secretId: expect.stringMatching(/^sec_[0-9a-z]{16}$/),
      clientSecret: expect.stringMatching(/^signet_cs_[A-Za-z0-9_-]{43}$/),
    });
    const { appId } = response.json.application;
    expect(await appIdClaimedBy(hostname.toUpperCase())).toBe(appId);
    expect(await appIdClaimedBy('second.' + hostname)).toBe(appId);
    expect(await verifyClientSecret(appId, response.json.clientSecret)).toMatchObject({ secretId: response.json.secretId });
  });

  it.each([
    ['no name', { hostnames: ['a.example.com'] }, 'name'],
    ['an empty name', { name: '   ', hostnames: ['a.example.com'] }, 'name'],
    ['no hostnames', { name: 'A' }, 'hostnames'],
    ['an empty hostname list', { name: 'A', hostnames: [] }, 'hostnames'],
    ['more than 10 hostnames', { name: 'A', hostnames: Array.from({ length: 11 }, (_, i) => `h${i}.example.com`) }, 'hostnames'],
    ['a URL instead of a hostname', { name: 'A', hostnames: ['https://a.example.com/'] }, 'hostnames.0'],
    ['a hostname with a port', { name: 'A', hostnames: ['a.example.com:443'] }, 'hostnames.0'],
    ['a label starting with a hyphen', { name: 'A', hostnames: ['-a.example.com'] }, 'hostnames.0'],
    ['an empty label', { name: 'A', hostnames: ['a..example.com'] }, 'hostnames.0'],
    ['a label over 63 characters', { name: 'A', hostnames: [`${'a'.repeat(64)}.example.com`] }, 'hostnames.0'],
    ['the same hostname twice in other cases', { name: 'A', hostnames: ['a.example.com', 'A.EXAMPLE.COM'] }, 'hostnames'],
    ['a hostname that is not a string', { name: 'A', hostnames: [42] }, 'hostnames.0'],
  ])('refuses %s with 400 invalid_request', async (_label, body, path) => {
    const response = await api('POST', '/api/developer/applications', { headers: admin.headers, body });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(response.json.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it('refuses a hostname another application uses (any letter case) with 409, creating nothing', async () => {
    const taken = uniqueHostname();
    await createApplication(admin.headers, { hostnames: [taken] });
    const free = uniqueHostname();
    const response = await api('POST', '/api/developer/applications', {
      headers: admin.headers,
      body: { name: 'Second', hostnames: [free, taken.toUpperCase()] },
    });
    expect(response.status).toBe(409);
    // The taken hostname is named by position: error bodies never repeat the request.
    expect(response.json).toEqual({ ok: false, error: 'conflict', message: 'hostnames[1] is already used by another application' });
    expect(await appIdClaimedBy(free)).toBeUndefined();
  });

  it('lets exactly one of 10 concurrent creates claim one hostname', async () => {
    const contested = uniqueHostname('race');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        api('POST', '/api/developer/applications', { headers: admin.headers, body: { name: `Racer ${index}`, hostnames: [contested] } }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const winner = responses.find((response) => response.status === 201);
    expect(await appIdClaimedBy(contested)).toBe(winner?.json.application.appId);
  });
});

describe('GET /api/developer/applications[/:appId]', () => {
  it("lists only the caller's applications, oldest first, with secret metadata and never a secret", async () => {
    const owner = await createAdminSession();
    const first = await createApplication(owner.headers, { name: 'First' });
    const second = await createApplication(owner.headers, { name: 'Second' });
    await createApplication(admin.headers, { name: 'Someone else' });

    const list = await api('GET', '/api/developer/applications', { headers: owner.headers });
    expect(list.status).toBe(200);
    expect(list.json.ok).toBe(true);
    expect(list.json.applications.map((app: { appId: string }) => app.appId)).toEqual([first.appId, second.appId]);
    expect(JSON.stringify(list.json)).not.toContain('signet_cs_');
    expect(JSON.stringify(list.json)).not.toContain('secretHash');

    const one = await api('GET', `/api/developer/applications/${first.appId}`, { headers: owner.headers });
    expect(one.status).toBe(200);
    expect(one.json).toEqual({
      ok: true,
      application: {
        appId: first.appId,
        name: 'First',
        hostnames: [first.hostname],
        hostnameStatus: [{ hostname: first.hostname, status: 'verified', record: null }],
        passwordResetUrl: null,
        createdAt: expect.stringMatching(iso),
        clientSecrets: [{ secretId: first.secretId, createdAt: expect.stringMatching(iso), lastUsedAt: null }],
      },
    });
  });

  it('answers an empty list for a developer without applications', async () => {
    const newcomer = await createAdminSession();
    const list = await api('GET', '/api/developer/applications', { headers: newcomer.headers });
    expect(list.json).toEqual({ ok: true, applications: [] });
  });

  it('answers 404 not_found for an unknown or malformed appId', async () => {
    for (const appId of ['app_00000000000000000000', 'nonsense', 'app_%2F..']) {
      const response = await api('GET', `/api/developer/applications/${appId}`, { headers: admin.headers });
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ ok: false, error: 'not_found', message: 'No such application' });
    }
  });
});

describe('client secrets', () => {
  it('rotates without downtime: old and new secrets both verify until the old one is retired', async () => {
    const app = await createApplication(admin.headers);
    const created = await api('POST', `/api/developer/applications/${app.appId}/client-secrets`, { headers: admin.headers });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      ok: true,
      secretId: expect.stringMatching(/^sec_/),
      clientSecret: expect.stringMatching(/^signet_cs_[A-Za-z0-9_-]{43}$/),
    });
    const newSecret = created.json.clientSecret as string;
    expect(newSecret).not.toBe(app.clientSecret);

    // Each presented secret matches exactly one active secret item, by its hash.
    const active = await loadActiveClientSecrets(app.appId);
    expect(active.map((item) => item.secretId)).toEqual([app.secretId, created.json.secretId]);
    for (const [secret, secretId] of [[app.clientSecret, app.secretId], [newSecret, created.json.secretId]]) {
      const hash = await hashClientSecret(secret);
      expect(active.filter((item) => item.secretHash === hash).map((item) => item.secretId)).toEqual([secretId]);
      expect(matchSecretHash(active, hash)?.secretId).toBe(secretId);
    }
    expect(JSON.stringify(active)).not.toContain(app.clientSecret);

    const shown = await api('GET', `/api/developer/applications/${app.appId}`, { headers: admin.headers });
    expect(shown.json.application.clientSecrets.map((secret: { secretId: string }) => secret.secretId)).toEqual([
      app.secretId,
      created.json.secretId,
    ]);

    const retired = await api('DELETE', `/api/developer/applications/${app.appId}/client-secrets/${app.secretId}`, { headers: admin.headers });
    expect(retired.status).toBe(200);
    expect(retired.json).toEqual({ ok: true, secretId: app.secretId, retired: true });
    expect(await verifyClientSecret(app.appId, app.clientSecret)).toBeUndefined();
    expect((await verifyClientSecret(app.appId, newSecret))?.secretId).toBe(created.json.secretId);
    expect(await verifyClientSecret(app.appId, 'signet_cs_wrong')).toBeUndefined();
  });

  it('refuses to retire the last active secret with 409, and the secret keeps working', async () => {
    const app = await createApplication(admin.headers);
    const response = await api('DELETE', `/api/developer/applications/${app.appId}/client-secrets/${app.secretId}`, { headers: admin.headers });
    expect(response.status).toBe(409);
    expect(response.json).toEqual({ ok: false, error: 'conflict', message: expect.stringContaining('last active client secret') });
    expect((await verifyClientSecret(app.appId, app.clientSecret))?.secretId).toBe(app.secretId);
  });

  it('keeps one secret when two are retired concurrently', async () => {
    const app = await createApplication(admin.headers);
    const second = await api('POST', `/api/developer/applications/${app.appId}/client-secrets`, { headers: admin.headers });
    const responses = await Promise.all(
      [app.secretId, second.json.secretId].map((secretId) =>
        api('DELETE', `/api/developer/applications/${app.appId}/client-secrets/${secretId}`, { headers: admin.headers }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(await loadActiveClientSecrets(app.appId)).toHaveLength(1);
  });

  it('answers 404 for an unknown or malformed secretId', async () => {
    const app = await createApplication(admin.headers);
    for (const secretId of ['sec_0000000000000000', 'whatever']) {
      const response = await api('DELETE', `/api/developer/applications/${app.appId}/client-secrets/${secretId}`, { headers: admin.headers });
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ ok: false, error: 'not_found', message: 'No such client secret' });
    }
  });

  it('shows lastUsedAt once a secret was used, written at most once a minute, never for a retired secret', async () => {
    const app = await createApplication(admin.headers);
    const first = new Date('2030-01-01T10:00:00.000Z');
    await markClientSecretUsed(app.appId, app.secretId, first);
    await markClientSecretUsed(app.appId, app.secretId, new Date(first.getTime() + 30_000));
    const shown = await api('GET', `/api/developer/applications/${app.appId}`, { headers: admin.headers });
    expect(shown.json.application.clientSecrets).toEqual([{ secretId: app.secretId, createdAt: expect.any(String), lastUsedAt: first.toISOString() }]);
    const later = new Date(first.getTime() + 61_000);
    await markClientSecretUsed(app.appId, app.secretId, later);
    expect((await loadActiveClientSecrets(app.appId))[0]?.lastUsedAt).toBe(later.toISOString());

    await markClientSecretUsed(app.appId, 'sec_0000000000000000', later);
    expect((await loadActiveClientSecrets(app.appId)).map((secret) => secret.secretId)).toEqual([app.secretId]);
  });

  it('caps active secrets at 10 (409 on the 11th)', async () => {
    const app = await createApplication(admin.headers);
    for (let count = 2; count <= 10; count += 1) {
      const response = await api('POST', `/api/developer/applications/${app.appId}/client-secrets`, { headers: admin.headers });
      expect(response.status).toBe(201);
    }
    const refused = await api('POST', `/api/developer/applications/${app.appId}/client-secrets`, { headers: admin.headers });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toBe('conflict');
    expect(await loadActiveClientSecrets(app.appId)).toHaveLength(10);
  });
});
