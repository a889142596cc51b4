import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { BareOperations } from '../bench/lib/bare.js';
import { DynamoMeter, sequentialWaves, type MeteredCall } from '../bench/lib/dynamo-meter.js';
import { percentile } from '../bench/lib/stats.js';
import { groupOf } from '../bench/bundles.js';
import { coldContainer } from './support/settings.js';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import { fallbackFunction, functionNames } from '../lib/routes.js';
import { coldEvent, coldEventFactories } from '../bench/cold-events.js';
import { buildWorld } from '../bench/lib/fixtures.js';
import { splitFirstWaveWrites } from '../bench/endpoints.js';
import { invokePrepared, prepareRequest } from '../bench/lib/invoke.js';
import { loadDeployedFunctions } from '../bench/lib/deployed.js';
import { startLocalSes } from '../tools/local/local-ses.js';
import { startFakeDns } from './support/fake-dns.js';

// The benchmark's measuring instruments (npm run bench), checked for what they count,
// never for how long anything takes.

const meter = new DynamoMeter(db);

describe('bench DynamoDB meter', () => {
  it('counts each call and sums the capacity DynamoDB reports', async () => {
    const table = tableName();
    await db.send(new PutCommand({ TableName: table, Item: { pk: 'METER#1', sk: 'A', value: 'x' } }));
    meter.reset();
    await db.send(new GetCommand({ TableName: table, Key: { pk: 'METER#1', sk: 'A' }, ConsistentRead: true }));
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: 'METER#2', sk: 'A' } } },
          { Put: { TableName: table, Item: { pk: 'METER#3', sk: 'A' } } },
        ],
      }),
    );
    const reading = meter.read();
    expect(reading.operations).toEqual(['GetItem', 'TransactWriteItems']);
    expect(reading.rcu).toBeGreaterThan(0);
    expect(reading.wcu).toBeGreaterThan(0);
    expect(sequentialWaves(reading.calls)).toBe(2);
  });

  it('counts calls sent in parallel as one wave', () => {
    const call = (startedMs: number, endedMs: number): MeteredCall => ({ operation: 'GetItem', input: {}, startedMs, endedMs });
    expect(sequentialWaves([call(0, 10), call(1, 9), call(12, 20)])).toBe(2);
  });

  it("replays only the writes of an endpoint's first wave alongside the bare reads", () => {
    const call = (operation: string, startedMs: number, endedMs: number): MeteredCall => ({ operation, input: {}, startedMs, endedMs });
    // redeem's shape: reads with two reservations, then a read, then the transaction that gives them back.
    const calls = [call('BatchGetItem', 0, 10), call('UpdateItem', 1, 9), call('UpdateItem', 2, 11), call('BatchGetItem', 12, 20), call('TransactWriteItems', 21, 30)];
    const { ahead, after } = splitFirstWaveWrites(calls);
    expect(ahead.map((each) => each.startedMs)).toEqual([1, 2]);
    expect(after.map((each) => each.operation)).toEqual(['BatchGetItem', 'BatchGetItem', 'TransactWriteItems']);
    expect(splitFirstWaveWrites([call('BatchGetItem', 0, 10), call('TransactWriteItems', 11, 20)]).ahead).toEqual([]);
  });
});

describe('bench bare operations', () => {
  it('replays an endpoint transaction on scratch copies with its conditions, leaving the real items alone', async () => {
    const table = tableName();
    await db.send(new PutCommand({ TableName: table, Item: { pk: 'REAL#1', sk: 'ITEM', version: 1, payload: 'p'.repeat(500) } }));
    meter.reset();
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { pk: 'REAL#1', sk: 'ITEM' },
              ConditionExpression: 'version = :expected',
              UpdateExpression: 'SET version = :next',
              ExpressionAttributeValues: { ':expected': 1, ':next': 2 },
            },
          },
          { Put: { TableName: table, Item: { pk: 'REAL#2', sk: 'ITEM', note: 'new' }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    const bare = new BareOperations(db, table);
    const plan = await bare.planWrites(meter.read().calls);
    expect(plan.items).toHaveLength(2);
    // DynamoDB still evaluates each condition, which is made to hold on the scratch copy: a
    // replay follows the write it copies (the version moved on, the new item exists).
    expect(plan.items.map((item) => (item.Update ?? item.Put)?.ConditionExpression)).toEqual([
      '(version = :expected) OR attribute_exists(pk) OR attribute_not_exists(pk)',
      '(attribute_not_exists(pk)) OR attribute_exists(pk) OR attribute_not_exists(pk)',
    ]);
    await bare.sendWrites(plan);
    await bare.sendWrites(plan);

    const scratch = await db.send(new GetCommand({ TableName: table, Key: { pk: 'BENCH#REAL#1', sk: 'ITEM' } }));
    expect(scratch.Item).toMatchObject({ version: 2, payload: 'p'.repeat(500) });
    const scratchPut = await db.send(new GetCommand({ TableName: table, Key: { pk: 'BENCH#REAL#2', sk: 'ITEM' } }));
    expect(scratchPut.Item).toMatchObject({ note: 'new' });
    const real = await db.send(new GetCommand({ TableName: table, Key: { pk: 'REAL#1', sk: 'ITEM' } }));
    expect(real.Item?.version).toBe(2);
  });
});

describe('bench deployed functions', () => {
  it("times the function's bundle, whose own client carries both its calls and the bare ones", async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'signet-deployed-'));
    try {
      const deployed = await loadDeployedFunctions(['auth-get-login-status'], tableName(), outdir);
      const loginStatus = deployed.get('auth-get-login-status')!;
      const prepared = prepareRequest({ method: 'POST', path: '/auth/get-login-status', body: { user_id: 7, session_key: 'a'.repeat(64) } });
      expect(prepared.functionName).toBe('auth-get-login-status');
      meter.reset();
      loginStatus.meter.reset();
      const response = await invokePrepared(prepared, loginStatus.handler);
      expect(response.status).toBe(401);
      await loginStatus.bare.batchGet([{ pk: 'USER#7', sk: 'PROFILE' }]);
      expect(loginStatus.meter.read().operations).toEqual(['BatchGetItem', 'BatchGetItem']);
      // Neither went through the sources' client: the bundle has its own SDK and client.
      expect(meter.read().operations).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('bench statistics and bundle grouping', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 200 }, (_, index) => index + 1);
    expect(percentile(samples, 50)).toBe(100);
    expect(percentile(samples, 99)).toBe(198);
    expect(percentile([5], 99)).toBe(5);
  });

  it('groups bundle inputs by package, telling zod classic from zod/mini', () => {
    expect(groupOf('node_modules/@aws-sdk/client-dynamodb/dist-es/index.js')).toBe('@aws-sdk/client-dynamodb');
    expect(groupOf('node_modules/zod/v4/classic/schemas.js')).toBe('zod (classic)');
    expect(groupOf('node_modules/zod/v4/mini/schemas.js')).toBe('zod/mini');
    expect(groupOf('node_modules/zod/v4/locales/de.js')).toBe('zod (locales)');
    expect(groupOf('lib/http/handler.ts')).toBe('lib/http');
  });
});

describe('bench cold-start events', () => {
  // `npm run bench` stops at a deployed function without a representative event; this
  // catches a new route first, and checks each event is a success (not an error path).
  it('has a successful representative request for every deployed function', async () => {
    const dns = await startFakeDns();
    const ses = await startLocalSes();
    process.env.DNS_SERVERS = dns.server;
    process.env.SES_ENDPOINT = ses.endpoint;
    process.env.WEBHOOK_ALLOW_LOOPBACK = 'true'; // the cold events register an endpoint on loopback, as bench/run.ts allows
    coldContainer();
    try {
      const world = await buildWorld(7);
      const factories = await coldEventFactories(world, dns);
      expect(Object.keys(factories).sort()).toEqual([...functionNames].sort());
      for (const name of functionNames) {
        const response = await invokePrepared({ functionName: name, event: await coldEvent(factories[name]!, 0) });
        // The fallback's representative answer is its 404; every other function's a success.
        const outcome = name === fallbackFunction ? response.status : response.status < 400 ? 'success' : response.json;
        expect({ name, outcome }).toEqual({ name, outcome: name === fallbackFunction ? 404 : 'success' });
      }
    } finally {
      await dns.close();
      await ses.stop();
    }
  });
});
