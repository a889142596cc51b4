import { eventIdTime, firstEventIdAt, isEventId, lastEventIdAt, newEventId } from '../lib/entities/event.js';
import { newUlid } from '../lib/entities/ulids.js';
import { settleMs } from '../lib/events/feed.js';
import { loginUser, registerUser } from './support/accounts.js';
import { basicAuth } from './support/applications.js';
import { createTestApp, patchStatus, type TestApp } from './support/status-sync.js';
import { verified } from './support/webhook-receiver.js';
import { useWebhookRig } from './support/webhook-rig.js';

/**
 * Events through the local server (docs/webhooks.md): each change arrives once, in the outbox of
 * its own transaction, with a per-connection sequence and before/after snapshots; the
 * pull feed pages through every event once, in order; licenses expire within a minute.
 */
const rig = useWebhookRig();

const appPath = (app: TestApp) => `/api/developer/applications/${app.appId}`;

async function appWithEndpoint(): Promise<{ app: TestApp; secret: string }> {
  const app = await createTestApp(rig.owner);
  const created = await rig.server.call('POST', `${appPath(app)}/webhooks`, { headers: rig.owner.headers, body: { url: rig.receiver.url } });
  expect(created.status).toBe(201);
  return { app, secret: created.json.secret };
}

type Payload = { id: string; type: string; appId: string; createdAt: string; data: Record<string, unknown> & { sequence: number } };
const payloads = (secret: string) => rig.receiver.received.map((delivery) => verified(delivery, secret) as unknown as Payload);

/** Every event of the feed, following nextCursor while hasMore. */
async function wholeFeed(app: TestApp, limit: string): Promise<Payload[]> {
  const events: Payload[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const response = await rig.server.call('GET', `/api/applications/${app.appId}/events`, { headers: app.auth, query: { limit, ...(after ? { after } : {}) } });
    expect(response.status).toBe(200);
    events.push(...response.json.events);
    after = response.json.nextCursor ?? undefined;
    if (!response.json.hasMore) break;
  }
  return events;
}

describe('the events of a connection', () => {
  it('first sign-in, grant, revoke, redeem and deactivation each arrive once, with sequence 0, 1, 2, ... and snapshots', async () => {
    const { app, secret } = await appWithEndpoint();
    const user = await registerUser();
    const session = await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    expect((await patchStatus(app, user.globalId, { status: 'PRO' })).status).toBe(200);
    expect((await patchStatus(app, user.globalId, { revoke: true })).status).toBe(200);
    const variant = await rig.server.call('POST', `${appPath(app)}/licenses/variants`, { headers: rig.owner.headers, body: { name: 'Gift', defaultDuration: 'MONTH' } });
    const codes = await rig.server.call('POST', `${appPath(app)}/licenses/codes`, { headers: rig.owner.headers, body: { variantId: variant.json.variant.variantId, count: 1 } });
    const redeem = await rig.server.call('POST', '/api/user/licenses/redeem', {
      headers: { ...session.headers, 'x-spaaza-myprice-app-hostname': app.hostname },
      body: { code: codes.json.codes[0].code },
    });
    expect(redeem.status).toBe(200);
    const connectionId = (await patchStatus(app, user.globalId, { revoke: true })).json.connectionId;
    expect((await rig.server.call('DELETE', `${appPath(app)}/users/${connectionId}`, { headers: rig.owner.headers })).status).toBe(200);
    await rig.webhooks.tick();

    const events = payloads(secret);
    expect(events.map((event) => [event.type, event.data.sequence])).toEqual([
      ['connection.created', 0],
      ['status.granted', 1],
      ['status.revoked', 2],
      ['license.redeemed', 3],
      ['connection.deactivated', 4],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/), appId: app.appId, data: { globalId: user.globalId, connectionId } });
      expect(JSON.stringify(event)).not.toContain(user.username);
    }
    const [created, granted, revoked, redeemed, deactivated] = events;
    expect(created!.data).toMatchObject({ previous: { active: false, status: null }, current: { active: true, status: null, license: null } });
    expect(granted!.data).toMatchObject({ previous: { status: null }, current: { status: 'PRO', license: { variantName: 'PRO', expiresAt: null } } });
    expect(revoked!.data).toMatchObject({ previous: { status: 'PRO' }, current: { status: null, license: null } });
    expect(redeemed!.data).toMatchObject({ previous: { redeemedLicenses: [] }, current: { redeemedLicenses: [{ variantName: 'Gift' }] } });
    expect(deactivated!.data).toMatchObject({ previous: { active: true }, current: { active: false, redeemedLicenses: [] } });
  });

  it('writes no event for an Idempotency-Key replay, nor for a revoke that changes nothing', async () => {
    const { app } = await appWithEndpoint();
    const user = await registerUser();
    await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    const keyed = { headers: { 'idempotency-key': 'grant-once' } };
    expect((await patchStatus(app, user.globalId, { status: 'PRO' }, keyed)).status).toBe(200);
    const replayed = await patchStatus(app, user.globalId, { status: 'PRO' }, keyed);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    await patchStatus(app, user.globalId, { revoke: true });
    expect((await patchStatus(app, user.globalId, { revoke: true })).json.action).toBe('unchanged');
    await rig.webhooks.tick();
    expect(rig.receiver.received.map((delivery) => JSON.parse(delivery.body).type)).toEqual(['connection.created', 'status.granted', 'status.revoked']);
  });

  it('emits status.expired within a minute of expiresAt, from the sweep (not TTL)', async () => {
    const { app, secret } = await appWithEndpoint();
    const user = await registerUser();
    await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    const expiresAt = new Date(rig.clock.now().getTime() + 120_000).toISOString();
    expect((await patchStatus(app, user.globalId, { status: 'PRO', expiresAt })).status).toBe(200);
    await rig.webhooks.tick();
    expect(payloads(secret).map((event) => event.type)).toEqual(['connection.created', 'status.granted']);
    rig.clock.advance(60_000);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(2);
    rig.clock.advance(60_000 + 30_000);
    await rig.webhooks.tick();
    const events = payloads(secret);
    expect(events.map((event) => [event.type, event.data.sequence])).toEqual([
      ['connection.created', 0],
      ['status.granted', 1],
      ['status.expired', 2],
    ]);
    const expired = events[2]!;
    expect(Date.parse(expired.createdAt) - Date.parse(expiresAt)).toBeLessThanOrEqual(60_000);
    expect(expired.data).toMatchObject({ previous: { status: 'PRO', license: { expiresAt } }, current: { status: null, license: null } });
    rig.clock.advance(120_000);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(3);
  });
});

describe('GET /api/applications/:appId/events', () => {
  it('pages through every event once, in order, after the settle time', async () => {
    const { app, secret } = await appWithEndpoint();
    const user = await registerUser();
    await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    for (let round = 0; round < 4; round += 1) {
      await patchStatus(app, user.globalId, { status: round % 2 === 0 ? 'PRO' : 'PLUS' });
      rig.clock.advance(1);
    }
    await patchStatus(app, user.globalId, { revoke: true });
    expect(await wholeFeed(app, '2')).toEqual([]);
    rig.clock.advance(settleMs + 1);
    const feed = await wholeFeed(app, '2');
    expect(feed.map((event) => event.data.sequence)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(feed.map((event) => event.id)).size).toBe(6);
    expect(feed.map((event) => event.id)).toEqual([...feed.map((event) => event.id)].sort());
    await rig.webhooks.tick();
    expect(payloads(secret).sort((a, b) => a.data.sequence - b.data.sequence)).toEqual(feed);
    const last = feed.at(-1)!.id;
    const after = await rig.server.call('GET', `/api/applications/${app.appId}/events`, { headers: app.auth, query: { after: last } });
    expect(after.json).toEqual({ ok: true, events: [], nextCursor: last, hasMore: false });
  });

  it('follows the Basic-auth rules of §5 and refuses a bad cursor or limit with 400', async () => {
    const { app } = await appWithEndpoint();
    const path = `/api/applications/${app.appId}/events`;
    expect((await rig.server.call('GET', path)).status).toBe(401);
    const other = await createTestApp(rig.owner);
    expect((await rig.server.call('GET', path, { headers: basicAuth(other.appId, other.clientSecret) })).status).toBe(403);
    expect((await rig.server.call('GET', path, { headers: basicAuth(app.appId, `${app.clientSecret}x`) })).status).toBe(401);
    const badCursor = await rig.server.call('GET', path, { headers: app.auth, query: { after: 'nope' } });
    expect([badCursor.status, badCursor.json.issues?.[0]?.path]).toEqual([400, 'after']);
    expect((await rig.server.call('GET', path, { headers: app.auth, query: { limit: '0' } })).status).toBe(400);
    expect((await rig.server.call('GET', path, { headers: app.auth, query: { limit: '501' } })).status).toBe(400);
  });
});

describe('event ids', () => {
  it('are ULIDs, ordered and unique within a process', () => {
    const ids = Array.from({ length: 100 }, () => newEventId(Date.now()));
    expect(ids.every(isEventId)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("lie between the feed's bounds for their millisecond", () => {
    const at = Date.UTC(2026, 11, 6, 12, 0, 0, 123);
    expect(eventIdTime(firstEventIdAt(at))).toBe(at);
    expect(eventIdTime(lastEventIdAt(at))).toBe(at);
    for (let draw = 0; draw < 100; draw += 1) {
      const id = `evt_${newUlid(at)}`;
      expect(isEventId(id) && id > firstEventIdAt(at) && id < lastEventIdAt(at)).toBe(true);
      expect(id > lastEventIdAt(at - 1) && id < firstEventIdAt(at + 1)).toBe(true);
    }
  });
});
