// One cold start, in a fresh Node process (bench/cold-start.ts spawns it): import a
// bundle, serve one request, report the times on stdout as JSON. Plain ESM, no
// loader hooks, so nothing but Node and the bundle is measured.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundlePath, eventPath] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventPath, 'utf8'));
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
  memoryLimitInMB: '512',
  awsRequestId: 'bench-cold-start',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

const bootMs = performance.now();
const cpuBefore = process.cpuUsage();
const module = await import(pathToFileURL(bundlePath).href);
const importedAt = performance.now();
const result = await module.handler(event, context);
const servedAt = performance.now();
// CPU time (all threads) is far less sensitive than wall time to other processes on a busy machine.
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  JSON.stringify({
    bootMs,
    importMs: importedAt - bootMs,
    firstRequestMs: servedAt - importedAt,
    coldInitMs: servedAt - bootMs,
    coldInitCpuMs: (cpu.user + cpu.system) / 1000,
    statusCode: result.statusCode,
  }),
);
process.exit(0);
