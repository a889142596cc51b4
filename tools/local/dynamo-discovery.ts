import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localClientSecretPepper } from '../../lib/config.js';
import { exportLocalCredentials, localClient, type LocalCredentials } from './dynamo-local.js';

/**
 * How local tools find the running stack: while it runs, `npm start` (or `npm run
 * dynamo:local`) keeps a small state file in the OS temp directory, keyed by the project
 * directory so two checkouts never share one. It carries everything a tool needs to use
 * the same data as the running API, whatever DYNAMODB_ENDPOINT and DATA_DIR were: the
 * endpoint, the table, the DynamoDB credentials (DynamoDB Local keeps one database per
 * access key) and the client-secret pepper; so it is readable by this user only.
 * `npm run invoke` and the admin CLI read it through useLocalStack().
 */
export interface RunningDynamo {
  endpoint: string;
  tableName: string;
  /** The credentials the running process reaches DynamoDB with (its database, for DynamoDB Local). */
  credentials: LocalCredentials;
  /** The CLIENT_SECRET_PEPPER the running API verifies client secrets with; absent for `dynamo:local`. */
  clientSecretPepper?: string;
  /** The running API's base URL; absent for `dynamo:local`. */
  baseUrl?: string;
  /** The process that wrote it. */
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
    if (typeof state.endpoint === 'string' && typeof state.tableName === 'string' && typeof state.pid === 'number' && state.credentials) return state as RunningDynamo;
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

/** What to run when a tool needs the running stack and finds none. */
export const noRunningStack = [
  'No running `npm start` of this checkout was found.',
  'Start one in another terminal (`npm start`, or `PORT=3001 npm start`), then run this again.',
  'For a deployed table instead, set TABLE_NAME, AWS_REGION, AWS credentials and CLIENT_SECRET_PEPPER.',
].join('\n');

/** Where a local tool's DynamoDB calls go, decided by useLocalStack(). */
export type LocalTarget =
  | { kind: 'running'; stack: RunningDynamo }
  /** DYNAMODB_ENDPOINT names a DynamoDB nobody announced (e.g. your own docker run). */
  | { kind: 'endpoint' }
  /** TABLE_NAME without DYNAMODB_ENDPOINT: a deployed table, with the shell's AWS settings. */
  | { kind: 'deployed' }
  | { kind: 'none' };

function useStack(stack: RunningDynamo, env: NodeJS.ProcessEnv): LocalTarget {
  env.DYNAMODB_ENDPOINT = stack.endpoint;
  env.TABLE_NAME ??= stack.tableName;
  // Its credentials, never the shell's: another access key is another (empty) DynamoDB Local database.
  exportLocalCredentials(stack.credentials, env);
  env.CLIENT_SECRET_PEPPER ??= stack.clientSecretPepper ?? localClientSecretPepper;
  return { kind: 'running', stack };
}

/**
 * The one way local tools (`npm run invoke`, `npm run signet`) pick their DynamoDB, and put
 * it into the environment before any client is built:
 * - DYNAMODB_ENDPOINT set: the announced stack's credentials and pepper when it is that one;
 *   else that endpoint with the development pepper (a local user is never asked for it);
 * - TABLE_NAME set alone: a deployed table (the shell's AWS settings and pepper), unless
 *   `deployed: false` (invoke runs functions locally only);
 * - neither: the running `npm start` of this checkout, when one is announced and answers.
 */
export async function useLocalStack(env: NodeJS.ProcessEnv = process.env, options: { deployed?: boolean } = { deployed: true }): Promise<LocalTarget> {
  const announced = announcedDynamo();
  if (env.DYNAMODB_ENDPOINT) {
    if (announced && announced.endpoint === env.DYNAMODB_ENDPOINT) return useStack(announced, env);
    env.TABLE_NAME ??= 'signet-local';
    env.CLIENT_SECRET_PEPPER ??= localClientSecretPepper;
    return { kind: 'endpoint' };
  }
  if (env.TABLE_NAME && options.deployed !== false) return { kind: 'deployed' };
  const running = await findRunningDynamo();
  return running ? useStack(running, env) : { kind: 'none' };
}
