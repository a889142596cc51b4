import { manualClock, useClock } from '../lib/clock.js';
import { resetConfigForTests } from '../lib/config.js';
import { createLocalWebhooks, type LocalWebhooks } from '../lib/webhooks/local-runtime.js';
import { createAdminSession, type AdminSession } from './support/accounts.js';
import { startLocalApi, type LocalApi } from './support/http.js';
import { createTestApp, type TestApp } from './support/status-sync.js';
import { startReceiver, verified, type Receiver } from './support/webhook-receiver.js';

/**
 * Webhook delivery through the local server (API.md §9): the same fan-out and sender as
 * `npm start`, driven by explicit ticks on the injected clock; every delivery verified
 * with `standardwebhooks`.
 */
process.env.WEBHOOK_ALLOW_LOOPBACK = 'true';

let server: LocalApi;
let webhooks: LocalWebhooks;
let receiver: Receiver;
let owner: AdminSession;
let app: TestApp;
const clock = manualClock();
let restoreClock: () => void;

beforeAll(async () => {
  resetConfigForTests();
  restoreClock = useClock(clock);
  server = await startLocalApi();
  webhooks = createLocalWebhooks({ endpoint: process.env.DYNAMODB_ENDPOINT ?? '', tableName: process.env.TABLE_NAME ?? '' });
  receiver = await startReceiver();
  owner = await createAdminSession();
  app = await createTestApp(owner);
});

afterAll(async () => {
  webhooks.stop();
  await receiver.close();
  await server.close();
  restoreClock();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.answer = () => 200;
});

const hooksPath = () => `/api/developer/applications/${app.appId}/webhooks`;

async function addEndpoint(body: Record<string, unknown> = {}): Promise<{ endpointId: string; secret: string }> {
  const created = await server.call('POST', hooksPath(), { headers: owner.headers, body: { url: receiver.url, ...body } });
  expect([created.status, created.json?.error]).toEqual([201, undefined]);
  return { endpointId: created.json.webhook.endpointId, secret: created.json.secret };
}

describe('webhook endpoints and signet.test', () => {
  it('delivers a test event signed for standardwebhooks', async () => {
    const { endpointId, secret } = await addEndpoint();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const test = await server.call('POST', `${hooksPath()}/${endpointId}/test`, { headers: owner.headers });
    expect(test.status).toBe(202);
    await webhooks.tick();
    expect(receiver.received).toHaveLength(1);
    const payload = verified(receiver.received[0]!, secret);
    expect(payload).toMatchObject({ id: test.json.eventId, type: 'signet.test' });
    expect(receiver.received[0]!.headers['webhook-id']).toBe(test.json.eventId);
    await server.call('DELETE', `${hooksPath()}/${endpointId}`, { headers: owner.headers });
  });
});
