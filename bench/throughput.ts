import autocannon from 'autocannon';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startLocalServer, type LambdaHandler } from '../tools/local/server.js';
import { median, round } from './lib/stats.js';

/**
 * Requests per second of the local server (tools/local/server.ts: every route
 * through its real handler, one process) under autocannon: get-login-status, served
 * by its deployed bundle (bench/lib/deployed.ts), against the same server's /health,
 * which touches no database. autocannon runs
 * in a worker thread so the server keeps the main thread to itself.
 *
 * Two references for get-login-status:
 * - the ceiling: its bare BatchGetItem sent in-process, through the bundle's own client, by
 *   as many concurrent loops as autocannon has connections (no HTTP at all);
 * - the HTTP floor: a bare node:http server whose only work is to read the JSON body,
 *   send that same BatchGetItem and answer a small JSON, under the same autocannon
 *   load. No server that speaks HTTP in this process can do less, so the floor says how
 *   much of the ceiling HTTP itself (and autocannon's share of the 2 cores) leaves.
 *
 * DynamoDB Local is a JVM whose JIT keeps speeding up for its first tens of
 * thousands of requests, and this 2-core VM's speed drifts by up to half within a minute:
 * DynamoDB Local is warmed first, and each of the three is measured in `rounds` rounds
 * whose order rotates, so no target always gets the warmer moment. The ratios are the
 * medians of each round's own ratio (paired, so the drift between rounds cancels); the
 * req/s are the medians of the rounds. Segments stay 5 s long: autocannon's start-up
 * costs a 2 s segment about a fifth of its requests, which the closed loop does not pay.
 *
 * Each target's main-thread busy time per request (event-loop utilization) says why:
 * all three are bound by this one thread, so their busy times per request set how far
 * apart their req/s can be (docs/performance.md, Throughput: what this machine allows).
 */
export interface ThroughputResult {
  healthRps: number;
  getLoginStatusRps: number;
  ratio: number;
  /** The ceiling: get-login-status's bare BatchGetItem, in-process, by as many concurrent loops as autocannon has connections. */
  bareBatchGetRps: number;
  /** This process's CPU (percent of one core) while sending those: about 100 means Node's SDK call, not DynamoDB Local, is the limit. */
  bareNodeCpuPercent: number;
  /** The HTTP floor: a bare node:http server that only parses the body and sends that same BatchGetItem. */
  httpFloorRps: number;
  /** getLoginStatusRps / bareBatchGetRps: how close the endpoint comes to what DynamoDB Local allows here. */
  ceilingRatio: number;
  /** httpFloorRps / bareBatchGetRps: the most any HTTP server here gets of the ceiling. */
  httpFloorCeilingRatio: number;
  /** getLoginStatusRps / httpFloorRps: how much of the HTTP floor the real stack keeps. */
  floorRatio: number;
  /** Share of the main thread busy while get-login-status was loaded (event-loop utilization). */
  getLoginStatusMainThreadBusy: number;
  /** Main-thread busy µs per request (event-loop utilization over requests), medians of the rounds. */
  mainThreadUsPerRequest: { ceiling: number; floor: number; getLoginStatus: number };
  rounds: number;
}

/** A measured target: its req/s, requests served, and the main thread meanwhile. */
type Measured<T> = T & {
  /** Main-thread busy µs per request served. */
  busyUsPerRequest: number;
  /** Share of the main thread busy (event-loop utilization). */
  utilization: number;
};

/** One round: the ceiling (with Node's CPU meanwhile), the floor, and the endpoint. */
interface RoundSamples {
  bare: Measured<{ rps: number; cpuPercent: number }>;
  floor: Measured<{ rps: number }>;
  endpoint: Measured<{ rps: number }>;
}

/** Runs `measure` and adds what the main thread did meanwhile. */
async function withBusyTime<T extends { rps: number; requests: number }>(measure: () => Promise<T>): Promise<Measured<T>> {
  const before = performance.eventLoopUtilization();
  const result = await measure();
  const { active, utilization } = performance.eventLoopUtilization(before);
  return { ...result, busyUsPerRequest: (active * 1000) / Math.max(1, result.requests), utilization };
}

/** Requests per second of `operation` run by `concurrency` loops for `seconds`, and this process's CPU meanwhile. */
async function closedLoopRps(operation: () => Promise<void>, seconds: number, concurrency: number): Promise<{ rps: number; requests: number; cpuPercent: number }> {
  const until = performance.now() + seconds * 1000;
  const cpuBefore = process.cpuUsage();
  let done = 0;
  const loop = async () => {
    while (performance.now() < until) {
      await operation();
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { rps: done / (elapsedMs / 1000), requests: done, cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100 };
}

export interface LoadTarget {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

async function load(url: string, target: LoadTarget, seconds: number, connections: number): Promise<{ rps: number; requests: number }> {
  const result = await autocannon({
    url: `${url}${target.path}`,
    method: target.method,
    headers: target.headers,
    body: target.body,
    connections,
    duration: seconds,
    workers: 1,
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0 || result.requests.total === 0) {
    throw new Error(`load on ${target.method} ${target.path}: ${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { rps: result.requests.average, requests: result.requests.total };
}

/** The HTTP floor's server: body in, the bare operation, a small JSON out. */
async function startHttpFloor(bareOperation: () => Promise<void>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      bareOperation().then(
        () => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end('{"result_type":"get-login-status"}');
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function measureThroughput(
  getLoginStatus: LoadTarget,
  /** Functions the local server runs from their deployed bundles (bench/lib/deployed.ts) instead of their sources. */
  handlers: ReadonlyMap<string, LambdaHandler>,
  bareOperation: () => Promise<void>,
  seconds: number,
  connections: number,
  rounds = 5,
): Promise<ThroughputResult> {
  const server = await startLocalServer({ port: 0, host: '127.0.0.1', handlers });
  const floor = await startHttpFloor(bareOperation);
  try {
    const health: LoadTarget = { method: 'GET', path: '/health' };
    // Untimed: DynamoDB Local's JIT on this BatchGetItem, the handlers, both connection pools.
    await closedLoopRps(bareOperation, Math.max(3, seconds), connections);
    await load(server.url, health, 1, connections);
    await load(server.url, getLoginStatus, 1, connections);
    await load(floor.url, getLoginStatus, 1, connections);
    const healthRps = (await load(server.url, health, seconds, connections)).rps;

    const measured: RoundSamples[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const sample: Partial<RoundSamples> = {};
      const measure = [
        async () => {
          sample.bare = await withBusyTime(() => closedLoopRps(bareOperation, seconds, connections));
        },
        async () => {
          sample.floor = await withBusyTime(() => load(floor.url, getLoginStatus, seconds, connections));
        },
        async () => {
          sample.endpoint = await withBusyTime(() => load(server.url, getLoginStatus, seconds, connections));
        },
      ];
      for (let step = 0; step < measure.length; step += 1) await (measure[(round + step) % measure.length] as () => Promise<void>)();
      measured.push(sample as RoundSamples);
    }
    const medianOf = (pick: (sample: RoundSamples) => number) => median(measured.map(pick));
    const getLoginStatusRps = medianOf((sample) => sample.endpoint.rps);
    return {
      healthRps: Math.round(healthRps),
      getLoginStatusRps: Math.round(getLoginStatusRps),
      ratio: round(getLoginStatusRps / healthRps, 3),
      bareBatchGetRps: Math.round(medianOf((sample) => sample.bare.rps)),
      bareNodeCpuPercent: Math.round(medianOf((sample) => sample.bare.cpuPercent)),
      httpFloorRps: Math.round(medianOf((sample) => sample.floor.rps)),
      ceilingRatio: round(medianOf((sample) => sample.endpoint.rps / sample.bare.rps), 3),
      httpFloorCeilingRatio: round(medianOf((sample) => sample.floor.rps / sample.bare.rps), 3),
      floorRatio: round(medianOf((sample) => sample.endpoint.rps / sample.floor.rps), 3),
      getLoginStatusMainThreadBusy: round(medianOf((sample) => sample.endpoint.utilization)),
      mainThreadUsPerRequest: {
        ceiling: Math.round(medianOf((sample) => sample.bare.busyUsPerRequest)),
        floor: Math.round(medianOf((sample) => sample.floor.busyUsPerRequest)),
        getLoginStatus: Math.round(medianOf((sample) => sample.endpoint.busyUsPerRequest)),
      },
      rounds,
    };
  } finally {
    server.server.closeAllConnections();
    floor.server.closeAllConnections();
    floor.server.close();
    await server.close();
  }
}
