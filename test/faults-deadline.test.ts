import { ensureTable, startDynamoLocal } from '../tools/local/dynamo-local.js';

/**
 * docs/security.md, Faults through the local HTTP server: DynamoDB hangs (its process is paused
 * with SIGSTOP, and resumed only after every answer has come). An answer that arrives while
 * DynamoDB cannot answer proves the deadline fired, with no wall-clock margin to lose on a loaded
 * machine and no sleep. This file starts its OWN DynamoDB Local, so pausing it does
 * not stall the other test files, and points config at it before any app module loads.
 */
const dynamo = await startDynamoLocal();
process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
await ensureTable(dynamo.endpoint, process.env.TABLE_NAME as string);

const { startLocalApi } = await import('./support/http.js');
const { connectedUser, createApp, statusPath } = await import('./support/http-fixtures.js');
const { db } = await import('../lib/db/client.js');
const { injectFaults } = await import('./support/dynamo-faults.js');

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
    const pausedNow = new Promise<void>((resolve) => {
      const injector = injectFaults(db, (attempt) => {
        if (attempt.command === 'TransactWriteItemsCommand' && !paused && dynamo.pid) {
          process.kill(dynamo.pid, 'SIGSTOP');
          paused = true;
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
    expect(paused).toBe(true); // answered although DynamoDB never did
    for (const answer of [developer, coldBasic]) {
      expect(answer.result.status).toBe(503);
      expect(answer.result.json).toMatchObject({ ok: false, error: 'unavailable', retryable: true, outcome: 'not_applied' });
    }
    console.log(`answers while DynamoDB hung: ${[granted, developer, coldBasic].map((answer) => `${answer.ms} ms`).join(', ')}`);

    // The outage ends: the paused transaction may now commit, and the keyed retry must apply the change once.
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
