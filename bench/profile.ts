import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import { ensureTable, exportLocalCredentials, startDynamoLocal } from '../tools/local/dynamo-local.js';
import { startLocalServer } from '../tools/local/server.js';
import { buildWorld, member, setStatus, statusPath } from './lib/fixtures.js';

/**
 * `npm run bench:profile`: where a warm request's CPU goes. The local server (every route
 * through its real handler, one process) serves get-login-status and a status grant under
 * autocannon (in a worker thread) while the V8 profiler samples the main thread, as
 * `node --cpu-prof` would. Logs and metrics are on as deployed (LOG_LEVEL=INFO, EMF lines;
 * stdout is discarded). Prints the top self-time entries per target (proportions are what
 * count: the machine may be loaded) and writes bench/profiles/<target>.cpuprofile.
 */
const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
const connections = 10;

interface Entry {
  name: string;
  selfMs: number;
  share: number;
}

/** Where a frame's code lives: a package, a first-party folder, Node itself, or V8's own entries. */
function areaOf(functionName: string, url: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'node (native)';
  if (url.startsWith('node:')) return /http|net|stream|socket/.test(url) ? 'node: http, net and streams' : 'node: other';
  const inPackage = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (inPackage) return /^@(smithy|aws-sdk|aws-crypto)\//.test(inPackage[1]!) ? 'AWS SDK (@smithy, @aws-sdk)' : inPackage[1]!;
  const file = url.replace(/^file:\/\//, '').replace(/^.*?\/(lib|functions|tools|bench)\//, '$1/');
  if (file.startsWith('tools/local/')) return 'tools/local (the local server; not deployed)';
  const parts = file.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : file;
}

/**
 * Inclusive time per first-party area or package (not Node, not V8): the share of busy samples
 * with that area anywhere on the stack, so "lib/http 12 %" counts the SDK calls it makes too.
 */
function inclusiveAreas(profile: Profiler.Profile): Entry[] {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples?.length ?? 1) / 1000;
  const counts = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples ?? []) {
    const leaf = byId.get(id);
    if (!leaf || leaf.callFrame.functionName === '(idle)') continue;
    busy += 1;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (!frame.url || frame.url.startsWith('node:')) continue;
      seen.add(areaOf(frame.functionName, frame.url));
    }
    for (const area of seen) counts.set(area, (counts.get(area) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, samples]) => ({ name, selfMs: Math.round(samples * interval), share: Math.round((samples / Math.max(1, busy)) * 1000) / 10 }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** Self time per area, largest first (idle left out; shares of the busy time). */
function areas(profile: Profiler.Profile): Entry[] {
  return aggregate(profile, (frame) => areaOf(frame.functionName, frame.url));
}

function aggregate(profile: Profiler.Profile, keyOf: (frame: Profiler.ProfileNode["callFrame"]) => string): Entry[] {
  const sampleCount = new Map<number, number>();
  for (const id of profile.samples ?? []) sampleCount.set(id, (sampleCount.get(id) ?? 0) + 1);
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples?.length ?? 1) / 1000;
  const byKey = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const samples = sampleCount.get(node.id) ?? 0;
    if (samples === 0 || node.callFrame.functionName === '(idle)') continue;
    busy += samples;
    const key = keyOf(node.callFrame);
    byKey.set(key, (byKey.get(key) ?? 0) + samples);
  }
  return [...byKey]
    .map(([name, samples]) => ({ name, selfMs: Math.round(samples * interval), share: Math.round((samples / Math.max(1, busy)) * 1000) / 10 }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** Self time per function (name + file), largest first; the idle and GC entries are kept as V8 names them. */
function topEntries(profile: Profiler.Profile, limit: number): Entry[] {
  return aggregate(profile, ({ functionName, url, lineNumber }) => {
    const file = url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '').replace(/^.*?\/(lib|functions|tools|bench)\//, '$1/');
    return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
  }).slice(0, limit);
}

async function main(): Promise<void> {
  const dynamo = process.env.DYNAMODB_ENDPOINT ? undefined : await startDynamoLocal();
  if (dynamo) {
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    exportLocalCredentials(dynamo.credentials);
  }
  Object.assign(process.env, {
    TABLE_NAME: `signet-profile-${randomBytes(4).toString('hex')}`,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    LOG_LEVEL: 'INFO',
    METRICS: 'emf',
    PASSWORD_HASH_COST: 'test',
    DEVELOPER_SIGNUP: process.env.DEVELOPER_SIGNUP ?? 'open',
    CLIENT_SECRET_PEPPER: process.env.CLIENT_SECRET_PEPPER ?? 'profile-pepper-0123456789abcdef0123456789',
  });
  await ensureTable(process.env.DYNAMODB_ENDPOINT!, process.env.TABLE_NAME!);
  const writeStdout = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write; // the functions' log and EMF lines, as deployed
  const say = (line: string) => writeStdout(`${line}\n`);
  const world = await buildWorld(8);
  const granted = await Promise.all(Array.from({ length: 20 }, (_, index) => member(world.app, `grantee${index}`, `10.9.0.${index}`)));
  for (const user of granted) await setStatus(world.app, user.globalId, { status: 'PRO' });

  const server = await startLocalServer({ port: 0, host: '127.0.0.1' });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  const targets: Record<string, autocannon.Request[]> = {
    'get-login-status': [
      {
        method: 'POST',
        path: '/auth/get-login-status',
        headers: { 'content-type': 'application/json', 'x-spaaza-myprice-app-hostname': world.app.hostname },
        body: JSON.stringify({ user_id: world.reader.userId, session_key: world.reader.session.sessionKey }),
      },
    ],
    // A grant of the plan each user already has (the license is reused), spread over users so grants rarely race.
    grant: granted.map((user) => ({
      method: 'PATCH' as const,
      path: statusPath(world.app, user.globalId),
      headers: { ...world.app.basic, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'PRO' }),
    })),
  };
  try {
    for (const [name, requests] of Object.entries(targets)) {
      const run = (duration: number) => autocannon({ url: server.url, requests, connections, duration, workers: 1 });
      await run(2); // warm-up: JIT, connection pool, caches
      await session.post('Profiler.start');
      const result = await run(seconds);
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(new URL('./profiles/', import.meta.url), { recursive: true }); // ignored by git, so absent on a fresh clone
      writeFileSync(new URL(`./profiles/${name}.cpuprofile`, import.meta.url), JSON.stringify(profile));
      say(`\n${name}: ${Math.round(result.requests.average)} req/s, ${result.non2xx} non-2xx, ${result.errors} errors`);
      const print = (entry: Entry) => say(`${String(entry.share).padStart(5)} %  ${String(entry.selfMs).padStart(6)} ms  ${entry.name}`);
      say('  by area (self time):');
      areas(profile).slice(0, 16).forEach(print);
      say('  by area, inclusive (with what it calls):');
      inclusiveAreas(profile).slice(0, 20).forEach(print);
      say('  by function (self time):');
      topEntries(profile, Number(process.env.PROFILE_TOP ?? 20)).forEach(print);
    }
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // requests still in flight when autocannon stopped
    session.disconnect();
    server.server.closeAllConnections();
    await server.close();
    await dynamo?.stop();
  }
}

await main();
