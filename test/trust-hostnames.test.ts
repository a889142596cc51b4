import { keys } from '../lib/entities/keys.js';
import { get, remove, update } from '../lib/db/operations.js';
import { startFakeDns, type FakeDns } from './support/fake-dns.js';
import { startLocalApi, type LocalApi } from './support/http.js';
import { defaultPassword as password } from './support/accounts.js';
import { basicAuth } from './support/api.js';

/** docs/security.md, Hostname ownership through the local HTTP server, with a fake DNS server for the TXT challenge. */
const dns: FakeDns = await startFakeDns();
process.env.DNS_SERVERS = dns.server;
process.env.CREDENTIAL_CACHE_TTL_SECONDS = '0';
const { coldContainer } = await import('./support/settings.js');
coldContainer();

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(async () => {
  await api.close();
  await dns.close();
});

const suffix = () => Math.random().toString(16).slice(2, 10);

interface Developer {
  userId: number;
  headers: Record<string, string>;
  create(hostnames: string[]): Promise<Awaited<ReturnType<LocalApi['call']>>>;
}

async function register(): Promise<string> {
  const username = `dev-${suffix()}@example.com`;
  expect((await api.call('POST', '/auth/add-user', { body: { username, password } })).status).toBe(200);
  return username;
}

async function developer(): Promise<Developer> {
  const login = await api.call('POST', '/auth/login', { body: { username: await register(), password } });
  const info = login.json.results.session_info;
  const headers = { 'x-spaaza-session-user-id': String(info.session_user_id), 'x-spaaza-session-key': info.session_key };
  return { userId: info.session_user_id, headers, create: (hostnames) => api.call('POST', '/api/developer/applications', { headers, body: { name: 'App', hostnames } }) };
}

const memberLogin = (username: string, hostname: string) =>
  api.call('POST', '/auth/login', { headers: { 'x-spaaza-myprice-app-hostname': hostname }, body: { username, password } });

describe('finding 5: hostname ownership', () => {
  it('accepts only normalized DNS names: no IPs, ports or wildcards; IDNA to punycode', async () => {
    const dev = await developer();
    for (const bad of ['127.0.0.1', '10.1.2.3', '[::1]', 'shop.example.com:443', '*.example.com', 'https://a.example.com', 'a..example.com']) {
      const refused = await dev.create([bad]);
      expect([bad, refused.status]).toEqual([bad, 400]);
      expect(refused.json).toMatchObject({ ok: false, error: 'invalid_request' });
    }
    const unicode = `Bücher-${suffix()}.EXAMPLE`;
    const idn = await dev.create([`  ${unicode} `]);
    expect(idn.status).toBe(201);
    expect(idn.json.application.hostnames[0]).toMatch(/^xn--bcher-[a-z0-9-]+\.example$/);
    expect(idn.json.application.hostnameStatus).toEqual([{ hostname: idn.json.application.hostnames[0], status: 'verified', record: null }]);
    // the hostname header names it by its stored (ASCII) form
    const member = await register();
    expect((await api.call('POST', '/auth/login', { headers: { 'x-spaaza-myprice-app-hostname': idn.json.application.hostnames[0] }, body: { username: member, password } })).status).toBe(200);
  });

  it('keeps a claimed outside hostname pending and unusable until its TXT record is published; the first to verify wins', async () => {
    const hostname = `login-${suffix()}.victim-corp.com`;
    const squatter = await developer();
    const owner = await developer();
    const squatted = await squatter.create([hostname]);
    expect(squatted.status).toBe(201);
    const [status] = squatted.json.application.hostnameStatus;
    expect(status).toEqual({ hostname, status: 'pending', record: { type: 'TXT', name: `_signet-challenge.${hostname}`, value: expect.any(String) } });

    const member = await register();
    const unknown = await memberLogin(member, hostname);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: 269, name: 'no_myprice_app' });

    const claimed = await owner.create([hostname]); // a pending claim blocks nobody
    expect(claimed.status).toBe(201);
    const ownerApp = claimed.json.application;
    const verifyPath = (appId: string) => `/api/developer/applications/${appId}/hostnames/${hostname}/verify`;

    const early = await api.call('POST', verifyPath(ownerApp.appId), { headers: owner.headers });
    expect(early.status).toBe(409); // nothing published yet
    expect(early.json).toMatchObject({ ok: false, error: 'conflict' });

    dns.publishTxt(`_signet-challenge.${hostname}`, ownerApp.hostnameStatus[0].record.value);
    dns.publishTxt(`_signet-challenge.${hostname}`, status.record.value); // even if both records were there
    const verified = await api.call('POST', verifyPath(ownerApp.appId), { headers: owner.headers });
    expect(verified.status).toBe(200);
    expect(verified.json.application.hostnameStatus).toEqual([{ hostname, status: 'verified', record: null }]);
    expect((await api.call('POST', verifyPath(squatted.json.application.appId), { headers: squatter.headers })).status).toBe(409);
    // someone else's app: 404 like an unknown one
    expect((await api.call('POST', verifyPath(ownerApp.appId), { headers: squatter.headers })).status).toBe(404);

    const joined = await memberLogin(member, hostname);
    expect(joined.status).toBe(200);
    const listed = await api.call('GET', `/api/developer/applications/${ownerApp.appId}/users`, { headers: owner.headers });
    expect(listed.json.users).toHaveLength(1);
    // a verified hostname is unique
    expect((await squatter.create([hostname])).status).toBe(409);
  });

  it('caps a developer at MAX_APPLICATIONS_PER_OWNER (20) applications', async () => {
    const dev = await developer();
    for (let index = 0; index < 20; index += 1) expect((await dev.create([`cap-${suffix()}.test`])).status).toBe(201);
    const over = await dev.create([`cap-${suffix()}.test`]);
    expect(over.status).toBe(409);
    expect(over.json).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('deletes an application: secrets stop working, member sessions end, hostnames released, 404 afterwards', async () => {
    const dev = await developer();
    const hostname = `gone-${suffix()}.example.com`;
    const created = await dev.create([hostname]);
    const { appId } = created.json.application;
    const basic = basicAuth(appId, created.json.clientSecret);
    expect((await api.call('GET', `/api/applications/${appId}/users`, { headers: basic })).status).toBe(200);
    const member = await register();
    const session = (await memberLogin(member, hostname)).json.results.session_info;
    const status = () =>
      api.call('POST', '/auth/get-login-status', {
        headers: { 'x-spaaza-myprice-app-hostname': hostname },
        body: { user_id: session.session_user_id, session_key: session.session_key },
      });
    expect((await status()).status).toBe(200);

    const deleted = await api.call('DELETE', `/api/developer/applications/${appId}`, { headers: dev.headers });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ ok: true });

    expect((await api.call('GET', `/api/developer/applications/${appId}`, { headers: dev.headers })).status).toBe(404);
    expect((await api.call('DELETE', `/api/developer/applications/${appId}`, { headers: dev.headers })).status).toBe(404);
    expect((await api.call('GET', `/api/developer/applications/${appId}/users`, { headers: dev.headers })).status).toBe(404);
    expect((await api.call('GET', `/api/applications/${appId}/users`, { headers: basic })).status).toBe(401);
    expect((await status()).status).not.toBe(200);
    const listed = await api.call('GET', '/api/developer/applications', { headers: dev.headers });
    expect(listed.json.applications).toEqual([]);
    // the hostname is free again
    expect((await (await developer()).create([hostname])).status).toBe(201);
  });

  /** A DNS name of exactly `length` characters ending in victim-corp.com, labels of at most 60. */
  const hostnameOfLength = (length: number) => {
    const tail = `${suffix()}.victim-corp.com`;
    const labels: string[] = [];
    let remaining = length - tail.length; // the labels before the tail, each with its dot
    while (remaining > 0) {
      let size = Math.min(61, remaining) - 1;
      if (remaining - (size + 1) === 1) size -= 1; // never leave room for a label of 0
      labels.push('a'.repeat(size));
      remaining -= size + 1;
    }
    return `${labels.map((label) => `${label}.`).join('')}${tail}`;
  };

  it('refuses at create a hostname whose _signet-challenge record name cannot exist in DNS (over 253 characters)', async () => {
    const dev = await developer();
    const longest = hostnameOfLength(235);
    const tooLong = hostnameOfLength(236);
    expect([longest.length, tooLong.length]).toEqual([235, 236]);
    const refused = await dev.create([tooLong]);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(JSON.stringify(refused.json)).toContain('_signet-challenge');
    const accepted = await dev.create([longest]);
    expect(accepted.status).toBe(201);
    expect(accepted.json.application.hostnameStatus[0].record.name).toHaveLength(253);
  });

  it('answers 400, not a retryable 503, when DNS refuses to look up a stored hostname\'s challenge name', async () => {
    const dev = await developer();
    const created = await dev.create([`short-${suffix()}.victim-corp.com`]);
    const { appId } = created.json.application;
    // a hostname stored before the length rule existed (the resolver answers EBADNAME for its record name)
    const stored = hostnameOfLength(240);
    await update({
      Key: keys.application(appId),
      UpdateExpression: 'SET hostnames[0] = :name, hostnameStatus[0].hostname = :name',
      ExpressionAttributeValues: { ':name': stored },
    });
    const verify = await api.call('POST', `/api/developer/applications/${appId}/hostnames/${stored}/verify`, { headers: dev.headers });
    expect(verify.status).toBe(400);
    expect(verify.json).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(verify.headers['retry-after']).toBeUndefined();
  });
});

describe('the application counter', () => {
  const counter = async (userId: number) =>
    (await get<{ applications: number }>(keys.applicationCountOfOwner(userId)))?.applications;

  it('never goes below 0 when an app of a developer without a counter item is deleted', async () => {
    const dev = await developer();
    const { appId } = (await dev.create([`old-${suffix()}.test`])).json.application;
    await remove({ Key: keys.applicationCountOfOwner(dev.userId) }); // data from before the counter existed
    expect((await api.call('DELETE', `/api/developer/applications/${appId}`, { headers: dev.headers })).status).toBe(200);
    expect(await counter(dev.userId)).toBeUndefined();
    expect((await dev.create([`new-${suffix()}.test`])).status).toBe(201);
    expect(await counter(dev.userId)).toBe(1);
  });

  it('counts the apps a developer owned before the counter existed, so the cap of 20 holds for them too', async () => {
    const dev = await developer();
    const appIds: string[] = [];
    for (let index = 0; index < 20; index += 1) appIds.push((await dev.create([`pre-${suffix()}.test`])).json.application.appId);
    await remove({ Key: keys.applicationCountOfOwner(dev.userId) });
    expect((await dev.create([`pre-${suffix()}.test`])).status).toBe(409);
    expect(await counter(dev.userId)).toBeUndefined(); // a refused create writes nothing
    expect((await api.call('DELETE', `/api/developer/applications/${appIds[0]}`, { headers: dev.headers })).status).toBe(200);
    expect((await dev.create([`pre-${suffix()}.test`])).status).toBe(201);
    expect(await counter(dev.userId)).toBe(20);
    expect((await dev.create([`pre-${suffix()}.test`])).status).toBe(409);
  });
});
