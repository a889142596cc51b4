import { createHash } from 'node:crypto';
import type { TableKey } from '../lib/db/table-key.js';
import { connectionCounterKeys } from '../lib/entities/connection-counter.js';
import { licenseCodeShards } from '../lib/entities/license-code.js';
import { sessionCheckThrottle } from '../lib/throttle/policies.js';
import { keys } from '../lib/entities/keys.js';
import type { BareOperations, WritePlan } from './lib/bare.js';
import type { DeployedFunction } from './lib/deployed.js';
import { deriveOnce } from './lib/kdf.js';
import { isReadCall, sequentialWaves, wavesOf, type MeteredCall, type MeterReading } from './lib/dynamo-meter.js';
import { benchCodeCount, redeemsPerMember, setStatus, statusPath, type World } from './lib/fixtures.js';
import { expectStatus, invokePrepared, prepareRequest, type BenchRequest, type BenchResponse } from './lib/invoke.js';
import { normalizeCode } from '../lib/licenses/codes.js';
import { mean, median, percentile, round } from './lib/stats.js';

/**
 * Warm endpoint scenarios: the real handler as it deploys (its bundle, bench/lib/deployed.ts),
 * invoked in-process with API Gateway events, against DynamoDB Local. Each timed call sits
 * next to a timed run of its bare DynamoDB operations (the bundle's own client, same run), so
 * `overheadRatio` compares like with like under the same noise.
 */
export interface EndpointScenario {
  name: string;
  /** Where the overhead target applies (login's scrypt cost is deliberate). */
  overheadTarget: boolean;
  /** Untimed, unmetered work before call `index` (e.g. the grant a revoke needs). */
  before?: (index: number) => Promise<void>;
  request: (index: number) => BenchRequest;
  expectStatus: number;
  /** Throws when the answer is not the path this scenario measures. */
  check?: (response: BenchResponse) => void;
  /** The bare reads of call `index`, timed, through the function's own client (writes are replayed from the endpoint's own). */
  bareReads: (index: number, bare: BareOperations) => Promise<void>;
  /** Deliberate work the endpoint must do besides DynamoDB (login's KDF), timed on its own. */
  deliberate?: () => Promise<void>;
}

export interface EndpointResult {
  name: string;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  dynamoCalls: number;
  /** Sequential waves of calls (parallel calls count once): the latency-relevant round trips. */
  roundTrips: number;
  rcu: number;
  wcu: number;
  bareP50Ms: number;
  /** The bare operations, in order (parallel ones included). */
  bareOperations: string[];
  overheadRatio: number;
  /** The round trips of a typical call, in order. */
  operations: string[];
  /** Calls that read the app's client secrets (a warm status call should not). */
  credentialReads: number;
  iterations: number;
  /** Wall time of the whole scenario (calls, bare work, set-up), for time-based expectations such as cache TTLs. */
  seconds: number;
  /** Login only: p50 of the KDF alone, and the overhead left once it is counted as unavoidable. */
  deliberateP50Ms?: number;
  overheadRatioBeyondDeliberate?: number;
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** What get-login-status (member session) must read: the session (by key hash), the user, the hostname claim. */
export function loginStatusKeys(world: World): TableKey[] {
  const { reader, app } = world;
  return [keys.session(reader.userId, sha256(reader.session.sessionKey)), keys.user(reader.userId), keys.hostnameClaim(app.hostname)];
}

/**
 * The status-sync reads every status change needs: the connection, the variant's name claim, and
 * the app item (a deleted app's cached secret fails at once, issue 21; it rides in the same read).
 */
const statusReads = (bare: BareOperations, world: World, globalId: string, status: string) =>
  bare.batchGet([keys.connection(world.app.appId, globalId), keys.variantNameClaim(world.app.appId, status), keys.application(world.app.appId)]);

export interface ScenarioCounts {
  warmup: number;
  iterations: number;
}

export function endpointScenarios(
  world: World,
  counts: { standard: ScenarioCounts; login: ScenarioCounts },
): { scenarios: EndpointScenario[]; countsOf: (name: string) => ScenarioCounts } {
  const { app, reader, switcher, renewer, revoker } = world;
  const hostHeader = { 'x-spaaza-myprice-app-hostname': app.hostname };
  const readerSessionKey = reader.session.sessionKey;
  const sessionKeys = () => loginStatusKeys(world);
  const plans = ['PRO', 'BASIC'] as const;
  const codeToRedeem = new Map<number, string>();
  const redeemerOf = (index: number) => {
    const redeemer = world.redeemers[Math.floor(index / redeemsPerMember)];
    // Wrapping round would take a member past the 100 licenses a connection holds: the world must have enough (redeemersFor).
    if (!redeemer) throw new Error(`redeem call ${index} needs more than the world's ${world.redeemers.length} redeemers`);
    return redeemer;
  };

  const scenarios: EndpointScenario[] = [
    {
      name: 'get-login-status by user_id',
      overheadTarget: true,
      request: () => ({ method: 'POST', path: '/auth/get-login-status', headers: hostHeader, body: { user_id: reader.userId, session_key: readerSessionKey } }),
      expectStatus: 200,
      bareReads: (_index, bare) => bare.batchGet(sessionKeys()),
    },
    {
      name: 'get-login-status by username',
      overheadTarget: true,
      request: () => ({ method: 'POST', path: '/auth/get-login-status', headers: hostHeader, body: { username: reader.username, session_key: readerSessionKey } }),
      expectStatus: 200,
      // The username claim with the hostname claim and the caller IP's failure counter (issue 21), then the user and the session.
      bareReads: async (_index, bare) => {
        await bare.batchGet([keys.usernameClaim(reader.username), keys.hostnameClaim(app.hostname), sessionCheckThrottle.key('127.0.0.1')]);
        await bare.batchGet([keys.user(reader.userId), keys.session(reader.userId, sha256(readerSessionKey))]);
      },
    },
    {
      name: 'status grant new',
      overheadTarget: true,
      request: (index) => ({ method: 'PATCH', path: statusPath(app, switcher.globalId), headers: app.basic, body: { status: plans[index % 2] } }),
      expectStatus: 200,
      check: (response) => {
        if (response.json?.license?.reused !== false) throw new Error(`expected a new license: ${JSON.stringify(response.json)}`);
      },
      bareReads: (index, bare) => statusReads(bare, world, switcher.globalId, plans[index % 2] ?? 'PRO'),
    },
    {
      name: 'status grant reuse',
      overheadTarget: true,
      request: () => ({ method: 'PATCH', path: statusPath(app, renewer.globalId), headers: app.basic, body: { status: 'PRO' } }),
      expectStatus: 200,
      check: (response) => {
        if (response.json?.license?.reused !== true) throw new Error(`expected a reused license: ${JSON.stringify(response.json)}`);
      },
      bareReads: (_index, bare) => statusReads(bare, world, renewer.globalId, 'PRO'),
    },
    {
      name: 'revoke',
      overheadTarget: true,
      before: async () => {
        await setStatus(app, revoker.globalId, { status: 'PRO' });
      },
      request: () => ({ method: 'PATCH', path: statusPath(app, revoker.globalId), headers: app.basic, body: { revoke: true } }),
      expectStatus: 200,
      check: (response) => {
        if (response.json?.action !== 'revoked') throw new Error(`expected a revoke: ${JSON.stringify(response.json)}`);
      },
      // The connection and the app item (issue 21).
      bareReads: (_index, bare) => bare.batchGet([keys.connection(app.appId, revoker.globalId), keys.application(app.appId)]),
    },
    {
      name: 'current-logins page',
      overheadTarget: true,
      request: () => ({ method: 'GET', path: `/api/applications/${app.appId}/users`, headers: app.basic }),
      expectStatus: 200,
      check: (response) => {
        if (response.json?.users?.length !== Math.min(world.connections, 100)) throw new Error(`expected a page of ${world.connections} users, got ${response.json?.users?.length}`);
      },
      // The page (one more than it shows, to know whether another follows) and, in parallel, the app item
      // with the connection counter's shards (their sum is `total`).
      bareReads: async (_index, bare) => {
        await Promise.all([bare.queryPrefix(keys.connectionsOfApp(app.appId), 101), bare.batchGet([keys.application(app.appId), ...connectionCounterKeys(app.appId)])]);
      },
    },
    {
      name: 'status read',
      overheadTarget: true,
      request: () => ({ method: 'GET', path: statusPath(app, renewer.globalId), headers: app.basic }),
      expectStatus: 200,
      // The connection (current status) with the app item (issue 21), and the last 50 history entries, in parallel.
      bareReads: async (_index, bare) => {
        await Promise.all([
          bare.batchGet([keys.connection(app.appId, renewer.globalId), keys.application(app.appId)]),
          bare.queryPrefix(keys.statusHistoryOfConnection(app.appId, renewer.globalId), 50, true),
        ]);
      },
    },
    {
      name: 'license-code list',
      overheadTarget: true,
      request: () => ({ method: 'GET', path: `/api/developer/applications/${app.appId}/licenses/codes`, headers: world.owner.admin.headers }),
      expectStatus: 200,
      check: (response) => {
        if (response.json?.codes?.length !== benchCodeCount) throw new Error(`expected a page of ${benchCodeCount} codes, got ${response.json?.codes?.length}`);
      },
      // The admin session, the app (ownership) and every code shard, all in parallel (one page, merged in code order).
      bareReads: async (_index, bare) => {
        await Promise.all([
          bare.get(keys.session(world.owner.admin.userId, sha256(world.owner.admin.sessionKey))),
          bare.get(keys.application(app.appId)),
          ...Array.from({ length: licenseCodeShards }, (_, shard) => bare.queryPrefix(keys.licenseCodesOfShard(app.appId, shard), 101)),
        ]);
      },
    },
    {
      name: 'redeem',
      overheadTarget: true,
      // A fresh code each call, generated untimed; each redeemer takes `redeemsPerMember` calls (at most 100 redeemed per connection).
      before: async (index) => {
        const generated = await expectStatus(
          { method: 'POST', path: `/api/developer/applications/${app.appId}/licenses/codes`, headers: world.owner.admin.headers, body: { variantId: world.codeVariantId, count: 1 } },
          201,
          'generate a code',
        );
        codeToRedeem.set(index, String(generated.json.codes[0].code));
      },
      request: (index) => {
        const redeemer = redeemerOf(index);
        return { method: 'POST', path: '/api/user/licenses/redeem', headers: { ...redeemer.session.headers, ...hostHeader }, body: { code: codeToRedeem.get(index) } };
      },
      expectStatus: 200,
      // The member's session, the hostname claim and the code; then the connection and the variant.
      // The two throttle reservations ((user, IP) and IP: UpdateItems, in parallel with the first read) and the transaction
      // that gives them back are replayed from the endpoint's own writes.
      bareReads: async (index, bare) => {
        const redeemer = redeemerOf(index);
        const code = keys.licenseCode(app.appId, normalizeCode(codeToRedeem.get(index) ?? '') ?? '');
        await bare.batchGet([keys.session(redeemer.userId, sha256(redeemer.session.sessionKey)), keys.hostnameClaim(app.hostname), code]);
        await bare.batchGet([keys.connection(app.appId, redeemer.globalId), keys.variant(app.appId, world.codeVariantId)]);
      },
    },
    {
      name: 'login',
      overheadTarget: false,
      // The revoker's member session is not used elsewhere (login ends the previous one).
      request: () => ({ method: 'POST', path: '/auth/login', headers: hostHeader, body: { username: revoker.username, password: revoker.password } }),
      expectStatus: 200,
      deliberate: deriveOnce,
      // Username claim and hostname up front; then the profile with the sessions to end, and
      // the connection to update (its key from the claim's globalId); the KDF runs after them in the endpoint. The two throttle
      // reservations (UpdateItems, docs/security.md, Throttling) are replayed from the endpoint's own writes.
      bareReads: async (_index, bare) => {
        await bare.batchGet([keys.usernameClaim(revoker.username), keys.hostnameClaim(app.hostname)]);
        await Promise.all([bare.queryRange(keys.profileAndSessionsOfUser(revoker.userId)), bare.get(keys.connection(app.appId, revoker.globalId))]);
      },
    },
  ];
  return { scenarios, countsOf: (name) => (name === 'login' ? counts.login : counts.standard) };
}

/** The write calls sent in the endpoint's first wave (alongside its first read), and every other call. */
export function splitFirstWaveWrites(calls: readonly MeteredCall[]): { ahead: MeteredCall[]; after: MeteredCall[] } {
  const [firstWave = [], ...laterWaves] = wavesOf(calls);
  const ahead = firstWave.filter((call) => !isReadCall(call));
  return { ahead, after: [...firstWave.filter(isReadCall), ...laterWaves.flat()] };
}

function readsCredentials(reading: MeterReading): boolean {
  return reading.calls.some(({ input }) => {
    const text = JSON.stringify(input);
    return text.includes('SECRET#');
  });
}

/** The bare writes of one call: those sent alongside the first read, and the rest. */
interface BarePlan {
  ahead: WritePlan;
  after: WritePlan;
}

export async function runEndpoint(scenario: EndpointScenario, deployed: DeployedFunction, counts: ScenarioCounts): Promise<EndpointResult> {
  const { handler, meter, bare } = deployed;
  const times: number[] = [];
  const bareTimes: number[] = [];
  const deliberateTimes: number[] = [];
  let lastBareOperations: string[] = [];
  const readings: MeterReading[] = [];
  // The bare work of the endpoint's writes, planned untimed, then timed with its reads. Writes the
  // endpoint sends alongside its first read (throttle reservations: they must precede the reads they
  // guard, issue 22) go alongside the bare reads, each as its own call; the rest as one transaction.
  const planBare = async (calls: MeteredCall[]): Promise<BarePlan> => {
    const { ahead, after } = splitFirstWaveWrites(calls);
    return { ahead: await bare.planWrites(ahead), after: await bare.planWrites(after) };
  };
  const runBare = async (index: number, plan: BarePlan) => {
    meter.reset();
    const started = performance.now();
    await Promise.all([scenario.bareReads(index, bare), bare.sendEach(plan.ahead)]);
    await bare.sendWrites(plan.after);
    return { ms: performance.now() - started, operations: meter.read().operations };
  };
  let previousCalls: MeteredCall[] | undefined;
  const scenarioStarted = performance.now();
  for (let index = 0; index < counts.warmup + counts.iterations; index += 1) {
    await scenario.before?.(index);
    const prepared = prepareRequest(scenario.request(index));
    if (prepared.functionName !== deployed.name) throw new Error(`${scenario.name}: routed to ${prepared.functionName}, timed with ${deployed.name}`);
    // The bare replays the previous call's writes, planned (untimed, with its own DynamoDB calls)
    // before either timed side, so both follow DynamoDB traffic alike; every other call the bare
    // goes first, so neither side always gets the warmer moment.
    const plan = previousCalls ? await planBare(previousCalls) : undefined;
    const bareBefore = plan && index % 2 === 1 ? await runBare(index, plan) : undefined;
    meter.reset();
    const response = await invokePrepared(prepared, handler);
    const reading = meter.read();
    if (response.status !== scenario.expectStatus) {
      throw new Error(`${scenario.name}: expected ${scenario.expectStatus}, got ${response.status} ${JSON.stringify(response.json)}`);
    }
    scenario.check?.(response);
    previousCalls = reading.calls;
    const { ms: bareMs, operations: bareOperations } = bareBefore ?? (await runBare(index, plan ?? (await planBare(reading.calls))));
    let deliberateMs = 0;
    if (scenario.deliberate) {
      const deliberateStarted = performance.now();
      await scenario.deliberate();
      deliberateMs = performance.now() - deliberateStarted;
    }

    if (index < counts.warmup) continue;
    times.push(response.ms);
    bareTimes.push(bareMs);
    deliberateTimes.push(deliberateMs);
    readings.push(reading);
    lastBareOperations = bareOperations;
  }
  const p50Ms = median(times);
  const bareP50Ms = median(bareTimes);
  const callCounts = readings.map((reading) => reading.operations.length);
  const deliberateP50Ms = scenario.deliberate ? median(deliberateTimes) : undefined;
  const typical = readings.find((reading) => reading.operations.length === median(callCounts)) ?? readings[0];
  return {
    name: scenario.name,
    p50Ms: round(p50Ms),
    p95Ms: round(percentile(times, 95)),
    p99Ms: round(percentile(times, 99)),
    dynamoCalls: median(callCounts),
    roundTrips: median(readings.map((reading) => sequentialWaves(reading.calls))),
    rcu: round(mean(readings.map((reading) => reading.rcu))),
    wcu: round(mean(readings.map((reading) => reading.wcu))),
    bareP50Ms: round(bareP50Ms),
    bareOperations: lastBareOperations,
    overheadRatio: round(p50Ms / bareP50Ms),
    operations: typical?.operations ?? [],
    credentialReads: readings.filter(readsCredentials).length,
    iterations: counts.iterations,
    seconds: round((performance.now() - scenarioStarted) / 1000, 1),
    ...(deliberateP50Ms === undefined
      ? {}
      : { deliberateP50Ms: round(deliberateP50Ms), overheadRatioBeyondDeliberate: round((p50Ms - deliberateP50Ms) / bareP50Ms) }),
  };
}
