import { retryDelaysMs } from '../lib/webhooks/retry-schedule.js';
import { createAdminSession } from './support/accounts.js';
import { connectUser, createTestApp, patchStatus, type TestApp } from './support/status-sync.js';
import { verified } from './support/webhook-receiver.js';
import { useWebhookRig } from './support/webhook-rig.js';

/**
 * Webhook delivery through the local server (docs/webhooks.md): the same fan-out and sender as
 * `npm start`, driven by explicit ticks on the injected clock (no sleeps); every delivery
 * is verified with `standardwebhooks`, never with Signet's own signing code.
 */
const rig = useWebhookRig();

const hooksPath = (app: TestApp) => `/api/developer/applications/${app.appId}/webhooks`;

/** A new app with one endpoint on the receiver. */
async function appWithEndpoint(body: Record<string, unknown> = {}): Promise<{ app: TestApp; endpointId: string; secret: string; path: string }> {
  const app = await createTestApp(rig.owner);
  const created = await rig.server.call('POST', hooksPath(app), { headers: rig.owner.headers, body: { url: rig.receiver.url, ...body } });
  expect([created.status, created.json?.error]).toEqual([201, undefined]);
  const endpointId = created.json.webhook.endpointId as string;
  return { app, endpointId, secret: created.json.secret, path: `${hooksPath(app)}/${endpointId}` };
}

/** A user connected to the app and granted PRO: two events (connection.created, status.granted). */
async function grantedUser(app: TestApp): Promise<string> {
  const user = await connectUser(app);
  expect((await patchStatus(app, user.globalId, { status: 'PRO' })).status).toBe(200);
  return user.globalId;
}

describe('the developer API of endpoints', () => {
  it('creates, lists, reads, changes and deletes an endpoint; the secret is shown only at creation', async () => {
    const { app, endpointId, secret, path } = await appWithEndpoint({ eventTypes: ['status.granted'] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await rig.server.call('GET', hooksPath(app), { headers: rig.owner.headers });
    expect(listed.json.webhooks).toEqual([{ endpointId, url: rig.receiver.url, eventTypes: ['status.granted'], enabled: true, disabledReason: null, createdAt: expect.any(String) }]);
    expect(listed.text).not.toContain(secret);
    const patched = await rig.server.call('PATCH', path, { headers: rig.owner.headers, body: { enabled: false, eventTypes: ['*'] } });
    expect(patched.json.webhook).toMatchObject({ enabled: false, disabledReason: 'Disabled by the developer', eventTypes: ['*'] });
    expect((await rig.server.call('GET', path, { headers: rig.owner.headers })).json.webhook.enabled).toBe(false);
    expect((await rig.server.call('DELETE', path, { headers: rig.owner.headers })).status).toBe(200);
    expect((await rig.server.call('GET', path, { headers: rig.owner.headers })).status).toBe(404);
  });

  it('refuses an 11th endpoint with 409, and answers another developer 404', async () => {
    const { app } = await appWithEndpoint();
    for (let index = 2; index <= 10; index += 1) {
      expect((await rig.server.call('POST', hooksPath(app), { headers: rig.owner.headers, body: { url: rig.receiver.url } })).status).toBe(201);
    }
    const eleventh = await rig.server.call('POST', hooksPath(app), { headers: rig.owner.headers, body: { url: rig.receiver.url } });
    expect([eleventh.status, eleventh.json.error]).toEqual([409, 'conflict']);
    const stranger = await createAdminSession();
    expect((await rig.server.call('GET', hooksPath(app), { headers: stranger.headers })).status).toBe(404);
    expect((await rig.server.call('POST', hooksPath(app), { headers: stranger.headers, body: { url: rig.receiver.url } })).status).toBe(404);
  });

  it('answers 400 for unknown event types and a missing url', async () => {
    const app = await createTestApp(rig.owner);
    const bad = await rig.server.call('POST', hooksPath(app), { headers: rig.owner.headers, body: { url: rig.receiver.url, eventTypes: ['status.nope'] } });
    expect([bad.status, bad.json.error, bad.json.issues?.[0]?.path]).toEqual([400, 'invalid_request', 'eventTypes.0']);
    expect((await rig.server.call('POST', hooksPath(app), { headers: rig.owner.headers, body: {} })).status).toBe(400);
  });
});

describe('delivery', () => {
  it('delivers a test event (202) signed for standardwebhooks, with the event id as webhook-id', async () => {
    const { secret, path } = await appWithEndpoint();
    const test = await rig.server.call('POST', `${path}/test`, { headers: rig.owner.headers });
    expect(test.status).toBe(202);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(1);
    expect(verified(rig.receiver.received[0]!, secret)).toMatchObject({ id: test.json.eventId, type: 'signet.test' });
    expect(rig.receiver.received[0]!.headers['webhook-id']).toBe(test.json.eventId);
  });

  it('sends only the types an endpoint takes', async () => {
    const { app } = await appWithEndpoint({ eventTypes: ['status.granted'] });
    await grantedUser(app);
    await rig.webhooks.tick();
    expect(rig.receiver.received.map((delivery) => JSON.parse(delivery.body).type)).toEqual(['status.granted']);
  });

  it('retries a 500 about 5 s later with the same webhook-id, and logs both attempts', async () => {
    const { app, secret, path } = await appWithEndpoint({ eventTypes: ['status.granted'] });
    rig.receiver.answer = (n) => (n === 1 ? 500 : 204);
    await grantedUser(app);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(1);
    rig.clock.advance(retryDelaysMs[0] * 0.7);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(1); // not due before 4 s (5 s - 20%)
    rig.clock.advance(retryDelaysMs[0] * 0.6);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(2);
    const [first, second] = rig.receiver.received.map((delivery) => verified(delivery, secret));
    expect(second!.id).toBe(first!.id);
    expect(rig.receiver.received[1]!.headers['webhook-id']).toBe(rig.receiver.received[0]!.headers['webhook-id']);
    const log = await rig.server.call('GET', `${path}/deliveries`, { headers: rig.owner.headers });
    expect(log.json.deliveries).toEqual([
      {
        eventId: first!.id,
        eventType: 'status.granted',
        state: 'succeeded',
        nextAttemptAt: null,
        attempts: [
          { at: expect.any(String), statusCode: 500, latencyMs: expect.any(Number), error: null, responseBody: 'answer 500' },
          { at: expect.any(String), statusCode: 204, latencyMs: expect.any(Number), error: null, responseBody: '' },
        ],
      },
    ]);
  });

  it('disables an endpoint that answers 410 at once', async () => {
    const { app, path } = await appWithEndpoint();
    rig.receiver.answer = () => 410;
    await connectUser(app);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(1);
    const webhook = (await rig.server.call('GET', path, { headers: rig.owner.headers })).json.webhook;
    expect(webhook).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410') });
    rig.clock.advance(60_000);
    await grantedUser(app);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(1);
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const { app, secret: oldSecret, path } = await appWithEndpoint();
    const rotated = await rig.server.call('POST', `${path}/rotate-secret`, { headers: rig.owner.headers });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.json.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    await connectUser(app);
    await rig.webhooks.tick();
    const [delivery] = rig.receiver.received;
    expect(String(delivery!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verified(delivery!, oldSecret).type).toBe('connection.created');
    expect(verified(delivery!, newSecret).type).toBe('connection.created');
    rig.clock.advance(24 * 3600_000 + 1000);
    await connectUser(app);
    await rig.webhooks.tick();
    const later = rig.receiver.received[1]!;
    expect(verified(later, newSecret).type).toBe('connection.created');
    expect(() => verified(later, oldSecret)).toThrow();
  });

  it('replays an event with the same webhook-id (202); an unknown event is a 404', async () => {
    const { app, secret } = await appWithEndpoint();
    await connectUser(app);
    await rig.webhooks.tick();
    const original = verified(rig.receiver.received[0]!, secret);
    const replay = await rig.server.call('POST', `/api/developer/applications/${app.appId}/events/${original.id}/replay`, { headers: rig.owner.headers });
    expect(replay.status).toBe(202);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(2);
    expect(verified(rig.receiver.received[1]!, secret)).toEqual(original);
    const unknown = await rig.server.call('POST', `/api/developer/applications/${app.appId}/events/evt_01J00000000000000000000000/replay`, { headers: rig.owner.headers });
    expect(unknown.status).toBe(404);
  });

  it('gives up after the retry schedule (about 3 days), and recover re-sends the failed delivery', async () => {
    const { app, secret, path } = await appWithEndpoint();
    const since = rig.clock.now().toISOString();
    rig.receiver.answer = () => 503;
    await connectUser(app);
    await rig.webhooks.tick();
    for (const delay of retryDelaysMs) {
      rig.clock.advance(delay * 1.2 + 1000);
      await rig.webhooks.tick();
    }
    expect(rig.receiver.received).toHaveLength(retryDelaysMs.length + 1);
    const ids = new Set(rig.receiver.received.map((delivery) => delivery.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const log = await rig.server.call('GET', `${path}/deliveries`, { headers: rig.owner.headers });
    expect(log.json.deliveries[0]).toMatchObject({ state: 'failed', nextAttemptAt: null });
    expect(log.json.deliveries[0].attempts).toHaveLength(10);
    expect((await rig.server.call('GET', path, { headers: rig.owner.headers })).json.webhook.enabled).toBe(true);

    rig.receiver.answer = () => 200;
    const recover = await rig.server.call('POST', `${path}/recover`, { headers: rig.owner.headers, body: { since } });
    expect(recover.status).toBe(202);
    await rig.webhooks.tick();
    expect(rig.receiver.received).toHaveLength(11);
    expect(verified(rig.receiver.received[10]!, secret).id).toBe([...ids][0]);
    expect((await rig.server.call('GET', `${path}/deliveries`, { headers: rig.owner.headers })).json.deliveries[0].state).toBe('succeeded');
  });

  it('disables an endpoint whose deliveries have failed for 5 days', async () => {
    const { app, path } = await appWithEndpoint();
    rig.receiver.answer = () => 500;
    await connectUser(app);
    await rig.webhooks.tick();
    rig.clock.advance(5 * 24 * 3600_000 + 60_000);
    await rig.webhooks.tick();
    const webhook = (await rig.server.call('GET', path, { headers: rig.owner.headers })).json.webhook;
    expect(webhook).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('5 days') });
    const enabled = await rig.server.call('PATCH', path, { headers: rig.owner.headers, body: { enabled: true } });
    expect(enabled.json.webhook).toMatchObject({ enabled: true, disabledReason: null });
  });
});
