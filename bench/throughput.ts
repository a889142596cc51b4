import autocannon from 'autocannon';
import { startLocalServer } from '../tools/local/server.js';

/**
 * Requests per second of the local server (tools/local/server.ts: every route
 * through its real handler, one process) under autocannon: get-login-status
 * against the same server's /health, which touches no database. autocannon runs
 * in a worker thread so the server keeps the main thread to itself.
 */
export interface ThroughputResult {
  healthRps: number;
  getLoginStatusRps: number;
  ratio: number;
  /**
   * The ceiling DynamoDB Local sets here: get-login-status's bare BatchGetItem,
   * sent in-process by as many concurrent loops as autocannon has connections.
   */
  bareBatchGetRps: number;
  /** This process's CPU (percent of one core) while sending those: low means DynamoDB Local, not Node, is the limit. */
  bareNodeCpuPercent: number;
  /** getLoginStatusRps / bareBatchGetRps: how close the endpoint comes to what DynamoDB Local allows here. */
  ceilingRatio: number;
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

export async function measureThroughput(
  getLoginStatus: LoadTarget,
  bareOperation: () => Promise<void>,
  seconds: number,
  connections: number,
): Promise<ThroughputResult> {
  const server = await startLocalServer({ port: 0, host: '127.0.0.1' });
  try {
    const health: LoadTarget = { method: 'GET', path: '/health' };
    // A short untimed run of each warms the handlers and the connection pool.
    await load(server.url, health, 1, connections);
    await load(server.url, getLoginStatus, 1, connections);
    const healthRps = await load(server.url, health, seconds, connections);
    const getLoginStatusRps = await load(server.url, getLoginStatus, seconds, connections);
    const bareLoop = await closedLoopRps(bareOperation, seconds, connections);
    return {
      healthRps: Math.round(healthRps),
      getLoginStatusRps: Math.round(getLoginStatusRps),
      ratio: Math.round((getLoginStatusRps / healthRps) * 1000) / 1000,
      bareBatchGetRps: Math.round(bareLoop.rps),
      bareNodeCpuPercent: Math.round(bareLoop.cpuPercent),
      ceilingRatio: Math.round((getLoginStatusRps / bareLoop.rps) * 1000) / 1000,
    };
  } finally {
    server.server.closeAllConnections();
    await server.close();
  }
}
