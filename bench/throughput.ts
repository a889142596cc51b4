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
 * thousands of requests: it is warmed first, and each of the three is measured in
 * `rounds` rounds whose order rotates, so no target always gets the warmer moment.
 * The medians are reported.
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
  rounds: number;
}

/** Requests per second of `operation` run by `concurrency` loops for `seconds`, and this process's CPU meanwhile. */
async function closedLoopRps(operation: () => Promise<void>, seconds: number, concurrency: number): Promise<{ rps: number; cpuPercent: number }> {
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
  return { rps: done / (elapsedMs / 1000), cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100 };
}

export interface LoadTarget {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

async function load(url: string, target: LoadTarget, seconds: number, connections: number): Promise<number> {
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
  return result.requests.average;
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
  rounds = 3,
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
    const healthRps = await load(server.url, health, seconds, connections);

    const samples = { endpoint: [] as number[], busy: [] as number[], bare: [] as number[], cpu: [] as number[], floor: [] as number[] };
    const measure = {
      endpoint: async () => {
        const before = performance.eventLoopUtilization();
        samples.endpoint.push(await load(server.url, getLoginStatus, seconds, connections));
        samples.busy.push(performance.eventLoopUtilization(before).utilization);
      },
      bare: async () => {
        const loop = await closedLoopRps(bareOperation, seconds, connections);
        samples.bare.push(loop.rps);
        samples.cpu.push(loop.cpuPercent);
      },
      floor: async () => {
        samples.floor.push(await load(floor.url, getLoginStatus, seconds, connections));
      },
    };
    const order = [measure.bare, measure.floor, measure.endpoint];
    for (let round = 0; round < rounds; round += 1) {
      for (let step = 0; step < order.length; step += 1) await (order[(round + step) % order.length] as () => Promise<void>)();
    }
    const getLoginStatusRps = median(samples.endpoint);
    const bareBatchGetRps = median(samples.bare);
    const httpFloorRps = median(samples.floor);
    return {
      healthRps: Math.round(healthRps),
      getLoginStatusRps: Math.round(getLoginStatusRps),
      ratio: round(getLoginStatusRps / healthRps, 3),
      bareBatchGetRps: Math.round(bareBatchGetRps),
      bareNodeCpuPercent: Math.round(median(samples.cpu)),
      httpFloorRps: Math.round(httpFloorRps),
      ceilingRatio: round(getLoginStatusRps / bareBatchGetRps, 3),
      httpFloorCeilingRatio: round(httpFloorRps / bareBatchGetRps, 3),
      floorRatio: round(getLoginStatusRps / httpFloorRps, 3),
      getLoginStatusMainThreadBusy: round(median(samples.busy)),
      rounds,
    };
  } finally {
    server.server.closeAllConnections();
    floor.server.closeAllConnections();
    floor.server.close();
    await server.close();
  }
}
