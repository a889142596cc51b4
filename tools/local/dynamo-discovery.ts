import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localClient, type LocalCredentials } from './dynamo-local.js';

/**
 * How local tools find the DynamoDB of a running `npm start`: while it runs, `npm start`
 * keeps a small state file (endpoint, table) in the OS temp directory, keyed by the
 * project directory so two checkouts never share one; `npm run invoke` and the admin CLI
 * reuse that DynamoDB when it answers. Everything a tool needs to reach it belongs in
 * this file, the random credentials of DynamoDB Local included (API.md §7.6), so it is
 * written readable by this user only.
 */
export interface RunningDynamo {
  endpoint: string;
  tableName: string;
  /** DynamoDB Local's random per-data-directory credentials; absent for a DynamoDB named by DYNAMODB_ENDPOINT. */
  credentials?: LocalCredentials;
  /** The `npm start` process that wrote it. */
  pid: number;
}

const projectRoot = join(import.meta.dirname, '..', '..');

/**
 * `<tmp>/signet-local/<hash of the project directory>.json`. TMPDIR moves it (tests); read from
 * this process's environment, which os.tmpdir() falls back to anyway.
 */
export function discoveryFile(root: string = projectRoot): string {
  const key = createHash('sha256').update(root).digest('hex').slice(0, 16);
  return join(process.env.TMPDIR || tmpdir(), 'signet-local', `${key}.json`);
}

/** Announces this process's DynamoDB; returns the undo, for exit. */
export function announceRunningDynamo(state: Omit<RunningDynamo, 'pid'>): () => void {
  const file = discoveryFile();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...state, pid: process.pid })}\n`, { mode: 0o600 });
  return () => {
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as RunningDynamo).pid === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone, or replaced by another npm start's: nothing to undo
    }
  };
}

/** What a running `npm start` (or `npm run dynamo:local`) of this checkout announced, unchecked. */
export function announcedDynamo(): RunningDynamo | undefined {
  try {
    const state = JSON.parse(readFileSync(discoveryFile(), 'utf8')) as Partial<RunningDynamo>;
    if (typeof state.endpoint === 'string' && typeof state.tableName === 'string' && typeof state.pid === 'number') return state as RunningDynamo;
  } catch {
    // no npm start running here (or a half-written file): none
  }
  return undefined;
}

/** True when a DynamoDB answers at the endpoint within the timeout. */
export async function dynamoAnswers(endpoint: string, credentials?: LocalCredentials, timeoutMs = 1500): Promise<boolean> {
  const client = localClient(endpoint, credentials);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/** The DynamoDB of a running `npm start` of this checkout, if one is announced and answers. */
export async function findRunningDynamo(): Promise<RunningDynamo | undefined> {
  const state = announcedDynamo();
  return state && (await dynamoAnswers(state.endpoint, state.credentials)) ? state : undefined;
}
