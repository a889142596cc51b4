import { setTimeout as sleep } from 'node:timers/promises';
import { ensureTable, startDynamoLocal } from '../tools/local/dynamo-local.js';

/**
 * docs/security.md, Faults through the local HTTP server: DynamoDB hangs (its process is paused
 * with SIGSTOP for 12 s). This file starts its OWN DynamoDB Local, so pausing it does
 * not stall the other test files, and points config at it before any app module loads.
 */
const dynamo = await startDynamoLocal();
process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
await ensureTable(dynamo.endpoint, process.env.TABLE_NAME as string);

const { startLocalApi } = await import('./support/http.js');
const { connectedUser, createApp, statusPath } = await import('./support/http-fixtures.js');
const { db } = await import('../lib/db/client.js');
const { injectFaults } = await import('./support/dynamo-faults.js');

const pauseMs = 12_000;
/** The function timeout (10 s, the same locally): every answer comes before it. */
const functionTimeoutMs = 10_000;

type Api = Awaited<ReturnType<typeof startLocalApi>>;
let api: Api;
let paused = false;

function resume(): void {
  if (paused && dynamo.pid) process.kill(dynamo.pid, 'SIGCONT');
  paused = false;
}

beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(async () => {
  resume();
  await api.close();
  await dynamo.stop();
});

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work;
  return { result, ms: Date.now() - started };
}

describe('while DynamoDB hangs', () => {
  it('answers 503 within the deadline, says whether a write was sent, and a keyed retry applies the change exactly once', async () => {
    const app = await createApp(api);
    const coldApp = await createApp(api); // its secret is never verified before the pause
    const user = await connectedUser(api, app);
    const patch = { headers: { ...app.auth, 'idempotency-key': 'ghost-1' }, body: { status: 'GHOST' } };

    // Pause DynamoDB at the moment the grant's transaction is sent.
    let pausedAt = 0;
    const pausedNow = new Promise<void>((resolve) => {
      const injector = injectFaults(db, (attempt) => {
        if (attempt.command === 'TransactWriteItemsCommand' && !paused && dynamo.pid) {
          process.kill(dynamo.pid, 'SIGSTOP');
          paused = true;
          pausedAt = Date.now();
          injector.remove();
          resolve();
        }
        return undefined;
      });
    });
    const granting = timed(api.call('PATCH', statusPath(app, user.globalId), patch));
    await pausedNow;
    const [granted, developer, coldBasic] = await Promise.all([
      granting,
      timed(api.call('GET', '/api/developer/applications', { headers: app.admin })),
      timed(api.call('GET', `/api/applications/${coldApp.appId}/users`, { headers: coldApp.auth })),
    ]);

    expect(granted.result.status).toBe(503);
    expect(granted.result.json).toMatchObject({ ok: false, error: 'unavailable', retryable: true, outcome: 'unknown' });
    expect(granted.ms).toBeLessThan(functionTimeoutMs);
    for (const answer of [developer, coldBasic]) {
      expect(answer.result.status).toBe(503);
      expect(answer.result.json).toMatchObject({ ok: false, error: 'unavailable', retryable: true, outcome: 'not_applied' });
      expect(answer.ms).toBeLessThan(functionTimeoutMs);
    }

    await sleep(Math.max(0, pausedAt + pauseMs - Date.now())); // the outage lasts 12 s
    resume();

    const retried = await api.call('PATCH', statusPath(app, user.globalId), patch);
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ ok: true, action: 'granted', status: 'GHOST' });
    const replayed = await api.call('PATCH', statusPath(app, user.globalId), patch);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.text).toBe(retried.text);

    const current = await api.call('GET', statusPath(app, user.globalId), { headers: app.auth });
    const history = (current.json as { status: string; history: Array<{ status: string; action: string }> }).history;
    expect((current.json as { status: string }).status).toBe('GHOST');
    expect(history.filter((entry) => entry.status === 'GHOST')).toHaveLength(1);
  }, 60_000);
});
