import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { localClientSecretPepper } from '../lib/config.js';
import { ensureTable, exportLocalCredentials, startDynamoLocal, type DynamoLocal } from '../tools/local/dynamo-local.js';
import { fallbackFunction, routes } from '../lib/routes.js';
import { startFakeDns, type FakeDns } from '../test/support/fake-dns.js';
import { startLocalSes } from '../tools/local/local-ses.js';
import { measureBulkGeneration } from './bulk.js';
import { beyondBaseline, bundleAll, bundlesDir, projectRoot, type Bundle } from './bundles.js';
import { coldEvent, coldEventFactories, resetAfterColdStarts } from './cold-events.js';
import { measureColdStarts, type ColdResult, type ColdTarget } from './cold-start.js';
import { updateDocsSection } from './docs-section.js';
import { endpointScenarios, loginStatusKeys, runEndpoint, type EndpointResult, type EndpointScenario } from './endpoints.js';
import { loadDeployedFunctions, type DeployedFunction } from './lib/deployed.js';
import { buildWorld, redeemersFor } from './lib/fixtures.js';
import { prepareRequest } from './lib/invoke.js';
import { round } from './lib/stats.js';
import { checkTargets, formatMarkdown, formatReport, heavyImports, type BenchResults } from './report.js';
import { benchSettings } from './settings.js';
import { measureThroughput } from './throughput.js';

/**
 * `npm run bench`: one process run against DynamoDB Local. Prints the tables,
 * writes bench/results.json and (full runs) the generated section of
 * docs/performance.md. `npm run bench:quick` measures less, for development,
 * and writes bench/bundles/results.quick.json instead.
 */
const settings = benchSettings();
/** Functions whose representative request runs the password KDF (scrypt) on purpose (infra/api-stack.ts kdfFunctions; change-password runs it twice). */
const functionsPayingKdf = new Set(['auth-login', 'auth-add-user', 'auth-change-password', 'auth-reset-password', 'auth-delete-user']);
const startedAt = performance.now();
const log = (line: string) => console.error(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${line}`);

async function main(): Promise<void> {
  if (!process.version.startsWith('v22.')) log(`warning: Node ${process.version}; the functions run on Node 22 (npm scripts use the pinned node)`);

  // DYNAMODB_ENDPOINT reuses a running DynamoDB Local (handy while developing).
  let dynamo: DynamoLocal | undefined;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    dynamo = await startDynamoLocal();
    endpoint = dynamo.endpoint;
    process.env.DYNAMODB_ENDPOINT = endpoint;
    exportLocalCredentials(dynamo.credentials);
  }
  const table = `signet-bench-${randomBytes(4).toString('hex')}`;
  // Hostname verification asks DNS for its TXT challenge: a local fake server answers (no network).
  const dns = await startFakeDns();
  // Password-reset mail goes to a local SES v2 endpoint (no network), as under npm start.
  const ses = await startLocalSes();
  Object.assign(process.env, {
    DNS_SERVERS: dns.server,
    SES_ENDPOINT: ses.endpoint,
    // The cold-start events register a webhook endpoint on loopback, as npm start allows.
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    TABLE_NAME: table,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    SIGNET_SILENT_LOGS: 'true',
    // The bench's owner signs in to the developer API as under npm start (deployed stacks default to closed).
    DEVELOPER_SIGNUP: process.env.DEVELOPER_SIGNUP ?? 'open',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000',
    CLIENT_SECRET_PEPPER: process.env.CLIENT_SECRET_PEPPER ?? localClientSecretPepper,
  });
  try {
    await ensureTable(endpoint, table);
    log(`DynamoDB Local at ${endpoint}, table ${table}`);
    await run(table, dns);
  } finally {
    await dns.close();
    await ses.stop();
    await dynamo?.stop();
  }
}

async function run(table: string, dns: FakeDns): Promise<void> {
  const functionNames = [...new Set([...routes.map((route) => route.function), fallbackFunction])];
  const missing = functionNames.filter((name) => !existsSync(join(projectRoot, 'functions', name, 'handler.ts')));
  if (missing.length > 0) throw new Error(`handlers missing: ${missing.join(', ')}`);

  log(`seeding through the HTTP contract (${settings.connectedUsers} connected users)`);
  const world = await buildWorld(settings.connectedUsers, redeemersFor(settings.warmup + settings.iterations));

  log('bundling (esbuild, infra/bundling.ts settings, metafile)');
  const tableAccess = new Map<string, string>(routes.map((route) => [route.function, route.table]));
  tableAccess.set(fallbackFunction, 'none');
  const bundles = await bundleAll(functionNames, tableAccess);
  const bundleOf = (name: string) => bundles.find((bundle) => bundle.name === name) as Bundle;

  log(`cold starts (${settings.coldRuns} fresh processes per bundle)`);
  const factories = await coldEventFactories(world, dns);
  const healthEvent = prepareRequest({ method: 'GET', path: '/health' }).event;
  const baselineTarget = (name: 'empty' | 'sdkOnly' | 'kdfOnly'): ColdTarget => ({ name, bundleFile: bundleOf(name).file, event: async () => healthEvent });
  const functionTargets: ColdTarget[] = functionNames.map((name) => {
    const factory = factories[name];
    if (!factory) throw new Error(`no cold-start event for ${name}`);
    return { name, bundleFile: bundleOf(name).file, event: (runIndex: number) => coldEvent(factory, runIndex) };
  });
  // sdkOnly divides every ratio, so it is sampled three times per round (start, middle, end).
  const middle = Math.floor(functionTargets.length / 2);
  const targets: ColdTarget[] = [
    baselineTarget('empty'),
    baselineTarget('sdkOnly'),
    baselineTarget('kdfOnly'),
    ...functionTargets.slice(0, middle),
    baselineTarget('sdkOnly'),
    ...functionTargets.slice(middle),
    baselineTarget('sdkOnly'),
  ];
  const childEnv = {
    TABLE_NAME: table,
    DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
    AWS_REGION: process.env.AWS_REGION,
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL,
    CLIENT_SECRET_PEPPER: process.env.CLIENT_SECRET_PEPPER,
    DNS_SERVERS: process.env.DNS_SERVERS,
    SES_ENDPOINT: process.env.SES_ENDPOINT,
    DEVELOPER_SIGNUP: process.env.DEVELOPER_SIGNUP,
    WEBHOOK_ALLOW_LOOPBACK: process.env.WEBHOOK_ALLOW_LOOPBACK,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
  };
  const cold = await measureColdStarts(targets, settings.coldRuns, childEnv, log);
  const coldOf = (name: string) => cold.find((result) => result.name === name) as ColdResult;
  for (const result of cold) {
    if (result.statusCodes.some((status) => status >= 400 && result.name !== 'route-fallback')) log(`warning: cold ${result.name} answered ${result.statusCodes.join('/')}`);
  }
  await resetAfterColdStarts(world);

  const { scenarios, countsOf } = endpointScenarios(world, {
    standard: { warmup: settings.warmup, iterations: settings.iterations },
    login: { warmup: settings.loginWarmup, iterations: settings.loginIterations },
  });
  log('bundling the timed functions as they deploy, each with its bare operations (bench/lib/deployed.ts)');
  const functionOf = (scenario: EndpointScenario) => prepareRequest(scenario.request(0)).functionName;
  const deployed = await loadDeployedFunctions([...new Set(scenarios.map(functionOf))], table, join(bundlesDir, 'warm'));
  const deployedOf = (name: string): DeployedFunction => {
    const found = deployed.get(name);
    if (!found) throw new Error(`no deployed bundle of ${name}`);
    return found;
  };
  const endpoints: EndpointResult[] = [];
  for (const scenario of scenarios) {
    const counts = countsOf(scenario.name);
    log(`endpoint: ${scenario.name} (${counts.warmup} warm-up + ${counts.iterations})`);
    endpoints.push(await runEndpoint(scenario, deployedOf(functionOf(scenario)), counts));
  }

  log(`throughput (${settings.loadSeconds} s per target, ${settings.loadConnections} connections)`);
  // Served by the deployed bundle, whose own client sends the ceiling's and the floor's BatchGetItem.
  const loginStatusFunction = prepareRequest({ method: 'POST', path: '/auth/get-login-status' }).functionName;
  const loginStatus = deployedOf(loginStatusFunction);
  loginStatus.meter.reset(); // the load is not metered call by call
  const throughput = await measureThroughput(
    {
      method: 'POST',
      path: '/auth/get-login-status',
      headers: { 'content-type': 'application/json', 'x-spaaza-myprice-app-hostname': world.app.hostname },
      body: JSON.stringify({ user_id: world.reader.userId, session_key: world.reader.session.sessionKey }),
    },
    new Map([[loginStatusFunction, loginStatus.handler]]),
    () => loginStatus.bare.batchGet(loginStatusKeys(world)),
    settings.loadSeconds,
    settings.loadConnections,
  );

  log('bulk: 10000 license codes in one request');
  const bulk = await measureBulkGeneration(world);

  const baseline = (name: 'empty' | 'sdkOnly' | 'kdfOnly') => ({
    bytes: bundleOf(name).bytes,
    coldInitMs: round(coldOf(name).coldInitMs, 1),
    importMs: round(coldOf(name).importMs, 1),
    firstRequestMs: round(coldOf(name).firstRequestMs, 1),
    coldInitCpuMs: round(coldOf(name).coldInitCpuMs, 1),
  });
  const sdkOnly = baseline('sdkOnly');
  const partial: Omit<BenchResults, 'targets'> = {
    date: new Date().toISOString(),
    node: process.version,
    baseline: { empty: baseline('empty'), sdkOnly, kdfOnly: baseline('kdfOnly') },
    bundles: functionNames.map((name) => {
      const bundle = bundleOf(name);
      const coldResult = coldOf(name);
      return {
        function: name,
        bytes: bundle.bytes,
        coldInitMs: round(coldResult.coldInitMs, 1),
        sizeRatio: round(bundle.bytes / sdkOnly.bytes),
        coldInitRatio: round(coldResult.coldInitMs / coldOf('sdkOnly').coldInitMs),
        importMs: round(coldResult.importMs, 1),
        firstRequestMs: round(coldResult.firstRequestMs, 1),
        coldInitCpuMs: round(coldResult.coldInitCpuMs, 1),
        coldInitCpuRatio: round(coldResult.coldInitCpuMs / coldOf('sdkOnly').coldInitCpuMs),
        ...(functionsPayingKdf.has(name)
          ? { coldInitRatioBeyondKdf: round((coldResult.coldInitMs - coldOf('kdfOnly').coldInitMs) / coldOf('sdkOnly').coldInitMs) }
          : {}),
        topInputs: bundle.composition.slice(0, 8),
        beyondSdkOnly: beyondBaseline(bundle, bundleOf('sdkOnly')),
        heavyImports: heavyImports(bundle),
        flags: bundle.flags,
      };
    }),
    endpoints,
    throughput,
    bulk,
    run: {
      loadAverage: loadavg().map((value) => round(value)),
      cores: availableParallelism(),
      quick: settings.quick,
      seconds: 0,
      iterations: settings.iterations,
      coldRuns: settings.coldRuns,
      connectedUsers: world.connections,
    },
  };
  partial.run.seconds = Math.round((performance.now() - startedAt) / 1000);
  const results: BenchResults = { ...partial, targets: checkTargets(partial) };

  console.log(formatReport(results));
  mkdirSync(bundlesDir, { recursive: true });
  const resultsFile = settings.quick ? join(bundlesDir, 'results.quick.json') : join(projectRoot, 'bench', 'results.json');
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${resultsFile}`);
  if (!settings.quick) {
    updateDocsSection(join(projectRoot, 'docs', 'performance.md'), formatMarkdown(results));
    log('updated the generated section of docs/performance.md');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
