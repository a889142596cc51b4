import { coldContainer } from './support/settings.js';
import { checkWebhookTarget, classifyAddress, useResolver } from '../lib/webhooks/ssrf.js';
import { createAdminSession, type AdminSession } from './support/accounts.js';
import { startLocalApi, type LocalApi } from './support/http.js';
import { createTestApp, type TestApp } from './support/status-sync.js';

/**
 * SSRF rules of webhook URLs (docs/webhooks.md): the address classifier, the URL check with a
 * resolver that answers without DNS, and the 400 at registration through the local server
 * (WEBHOOK_ALLOW_LOOPBACK unset here, as in the deployed stacks).
 */
delete process.env.WEBHOOK_ALLOW_LOOPBACK;

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'forbidden'],
    ['172.16.0.1', 'forbidden'],
    ['172.31.255.255', 'forbidden'],
    ['192.168.1.1', 'forbidden'],
    ['100.64.0.1', 'forbidden'],
    ['169.254.169.254', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['::', 'forbidden'],
    ['fd00:ec2::254', 'forbidden'],
    ['fc00::1', 'forbidden'],
    ['fe80::1', 'forbidden'],
    ['ff02::1', 'forbidden'],
    ['::ffff:169.254.169.254', 'forbidden'],
    ['::ffff:a9fe:a9fe', 'forbidden'],
    ['64:ff9b::10.0.0.1', 'forbidden'],
    ['2002:c0a8:0101::1', 'forbidden'],
    ['not-an-ip', 'forbidden'],
    ['93.184.215.14', 'public'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700::1111', 'public'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('checkWebhookTarget', () => {
  let restore: () => void;
  beforeAll(() => {
    const answers: Record<string, string[]> = {
      'hooks.example.com': ['93.184.215.14'],
      'rebind.example.com': ['93.184.215.14', '10.0.0.5'],
      'metadata.example.com': ['169.254.169.254'],
      'v6.example.com': ['fe80::1'],
    };
    restore = useResolver(async (host) => {
      const addresses = answers[host];
      if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    });
  });
  afterAll(() => restore());

  it('accepts https to a public host and names the address to connect to', async () => {
    await expect(checkWebhookTarget('https://hooks.example.com/signet', false)).resolves.toMatchObject({ address: '93.184.215.14', family: 4 });
  });

  it.each([
    ['http://hooks.example.com/', 'must use https'],
    ['https://user:pw@hooks.example.com/', 'credentials'],
    ['https://rebind.example.com/', 'private'],
    ['https://metadata.example.com/', 'private'],
    ['https://v6.example.com/', 'private'],
    ['https://nowhere.example.com/', 'does not resolve'],
    ['https://2130706433/', 'loopback'],
    ['https://0x7f000001/', 'loopback'],
    ['https://0177.0.0.1/', 'loopback'],
    ['https://167772161/', 'private'],
    ['https://0xa9fea9fe/latest/meta-data', 'private'],
    ['https://[::ffff:7f00:1]/', 'loopback'],
    ['https://[fd00::1]/', 'private'],
    ['https://localhost/', 'local'],
    ['https://metadata.google.internal/', 'internal'],
    ['ftp://hooks.example.com/', 'https'],
    ['not a url', 'absolute'],
  ])('refuses %s', async (url, message) => {
    await expect(checkWebhookTarget(url, false)).rejects.toThrow(message);
  });

  it('allows http to loopback only with WEBHOOK_ALLOW_LOOPBACK, and nothing else private', async () => {
    await expect(checkWebhookTarget('http://127.0.0.1:9999/hook', true)).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(checkWebhookTarget('http://10.0.0.1/hook', true)).rejects.toThrow('private');
    await expect(checkWebhookTarget('http://hooks.example.com/', true)).rejects.toThrow('https');
  });
});

describe('registration through the local server', () => {
  let server: LocalApi;
  let owner: AdminSession;
  let app: TestApp;
  beforeAll(async () => {
    coldContainer();
    server = await startLocalApi();
    owner = await createAdminSession();
    app = await createTestApp(owner);
  });
  afterAll(() => server.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'https://127.0.0.1/hook',
    'https://2130706433/hook',
    'https://0xa9fea9fe/latest/meta-data',
    'https://169.254.169.254/',
    'https://10.0.0.1/',
    'https://100.64.1.1/',
    'https://[fe80::1]/',
    'https://[fd00::1]/',
    'https://[::]/',
    'https://localhost/',
    'http://93.184.215.14/',
  ])('answers 400 on url for %s', async (url) => {
    const response = await server.call('POST', `/api/developer/applications/${app.appId}/webhooks`, { headers: owner.headers, body: { url } });
    expect([response.status, response.json.error, response.json.issues?.[0]?.path]).toEqual([400, 'invalid_request', 'url']);
  });

  it('checks a changed url again on PATCH', async () => {
    const created = await server.call('POST', `/api/developer/applications/${app.appId}/webhooks`, { headers: owner.headers, body: { url: 'https://93.184.215.14/hook' } });
    expect(created.status).toBe(201);
    const patched = await server.call('PATCH', `/api/developer/applications/${app.appId}/webhooks/${created.json.webhook.endpointId}`, {
      headers: owner.headers,
      body: { url: 'https://192.168.0.10/hook' },
    });
    expect([patched.status, patched.json.issues?.[0]?.path]).toEqual([400, 'url']);
  });
});
