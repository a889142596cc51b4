import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { bundlesDir, projectRoot } from './bundles.js';
import { median } from './lib/stats.js';

/**
 * Cold init: a fresh `node` process imports the bundle and serves one
 * representative request against DynamoDB Local. A target listed more than once
 * (the sdkOnly baseline, the denominator of every ratio) is sampled at each
 * place and its samples pooled. `coldInitMs` is import + first
 * request, measured inside the child (Node's own boot, equal for every function,
 * is left out so it cannot hide differences). Runs are interleaved across
 * bundles so a noisy moment does not land on one function only.
 */
export interface ColdRun {
  importMs: number;
  firstRequestMs: number;
  coldInitMs: number;
  coldInitCpuMs: number;
  statusCode: number;
}

export interface ColdResult {
  name: string;
  coldInitMs: number;
  /** CPU time of the same span (all threads): the check on wall time when the machine is busy. */
  coldInitCpuMs: number;
  importMs: number;
  firstRequestMs: number;
  statusCodes: number[];
}

export interface ColdTarget {
  name: string;
  bundleFile: string;
  /** A fresh, valid event for run `run` (mutating functions need new data each time). */
  event: (run: number) => Promise<APIGatewayProxyEvent>;
}

const childScript = join(projectRoot, 'bench', 'cold-start-child.mjs');

function runChild(bundleFile: string, eventFile: string, env: NodeJS.ProcessEnv): Promise<ColdRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, bundleFile, eventFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(out) as ColdRun);
      } catch (error) {
        reject(new Error(`cold start of ${bundleFile} failed (${String(error)}):\n${err.slice(-2000)}`));
      }
    });
  });
}

export async function measureColdStarts(targets: ColdTarget[], runs: number, env: NodeJS.ProcessEnv, onProgress?: (line: string) => void): Promise<ColdResult[]> {
  const eventsDir = join(bundlesDir, 'events');
  mkdirSync(eventsDir, { recursive: true });
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env, SIGNET_SILENT_LOGS: 'true' };
  const measured = new Map<string, ColdRun[]>(targets.map((target) => [target.name, []]));
  for (let run = 0; run < runs; run += 1) {
    for (const [position, target] of targets.entries()) {
      const eventFile = join(eventsDir, `${target.name}-${run}-${position}.json`);
      writeFileSync(eventFile, JSON.stringify(await target.event(run)));
      measured.get(target.name)?.push(await runChild(target.bundleFile, eventFile, childEnv));
    }
    onProgress?.(`cold starts: run ${run + 1}/${runs} done`);
  }
  const names = [...new Set(targets.map((target) => target.name))];
  return names.map((name) => {
    const samples = measured.get(name) ?? [];
    return {
      name,
      coldInitMs: median(samples.map((sample) => sample.coldInitMs)),
      coldInitCpuMs: median(samples.map((sample) => sample.coldInitCpuMs)),
      importMs: median(samples.map((sample) => sample.importMs)),
      firstRequestMs: median(samples.map((sample) => sample.firstRequestMs)),
      statusCodes: [...new Set(samples.map((sample) => sample.statusCode))],
    };
  });
}
