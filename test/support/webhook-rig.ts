import { manualClock, useClock, type ManualClock } from '../../lib/clock.js';
import { createLocalWebhooks, type LocalWebhooks } from '../../tools/local/webhooks-runtime.js';
import { createAdminSession, type AdminSession } from './accounts.js';
import { startLocalApi, type LocalApi } from './http.js';
import { coldContainer } from './settings.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

/**
 * What a webhook test drives: the local server, the same fan-out and sender as `npm start`
 * (ticked by the test on a manual clock, never slept for), a receiver on 127.0.0.1 and
 * an admin session. Registers its own beforeAll/afterAll/beforeEach; read the fields
 * inside tests only (they are set in beforeAll).
 */
export interface WebhookRig {
  server: LocalApi;
  webhooks: LocalWebhooks;
  receiver: Receiver;
  owner: AdminSession;
  clock: ManualClock;
}

export function useWebhookRig(): WebhookRig {
  process.env.WEBHOOK_ALLOW_LOOPBACK = 'true';
  const rig = { clock: manualClock() } as WebhookRig;
  let restoreClock: () => void;

  beforeAll(async () => {
    coldContainer();
    restoreClock = useClock(rig.clock);
    rig.server = await startLocalApi();
    rig.webhooks = createLocalWebhooks({ endpoint: process.env.DYNAMODB_ENDPOINT ?? '', tableName: process.env.TABLE_NAME ?? '' });
    await rig.webhooks.prepare();
    rig.receiver = await startReceiver();
    rig.owner = await createAdminSession();
  });

  afterAll(async () => {
    rig.webhooks.stop();
    await rig.receiver.close();
    await rig.server.close();
    restoreClock();
  });

  beforeEach(() => {
    rig.receiver.received.length = 0;
    rig.receiver.answer = () => 200;
  });

  return rig;
}
