/**
 * `npm run invoke -- <function> [event.json]`: runs one Lambda handler locally
 * with an API Gateway event file (default events/<function>.json), no Docker,
 * and prints the function's logs and its response.
 *
 * The function gets the environment `sam local` would give it (env.local.json's
 * values, infra/function-environment.ts), except that DynamoDB is the one in
 * running `npm start` of this checkout (tools/local/dynamo-discovery.ts: its endpoint,
 * table, credentials and pepper, whatever DYNAMODB_ENDPOINT and DATA_DIR it ran with),
 * or DYNAMODB_ENDPOINT's, else a DynamoDB Local started for this run (in memory;
 * DATA_DIR=<dir> keeps its data between runs), which the output says. Variables already
 * set in the shell win.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { functionNeeds, localEnvironment } from '../infra/function-environment.js';
import { useLocalStack } from '../tools/local/dynamo-discovery.js';
import { ensureTable, exportLocalCredentials, JavaMissingError, startDynamoLocal, type DynamoLocal } from '../tools/local/dynamo-local.js';
import { lambdaContext, loadHandler } from '../tools/local/server.js';
import { functionNames, routes } from '../lib/routes.js';

const projectRoot = join(import.meta.dirname, '..');

export interface InvokeResult {
  functionName: string;
  response: APIGatewayProxyResult;
  /** Everything the function wrote to stdout/stderr during the call (its JSON log lines, EMF metrics). */
  logs: string[];
}

export class UsageError extends Error {}

export function defaultEventFile(functionName: string): string {
  return join(projectRoot, 'events', `${functionName}.json`);
}

export function readEvent(file: string): APIGatewayProxyEvent {
  const path = isAbsolute(file) ? file : resolve(process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the event file ${path}`);
  }
  try {
    return JSON.parse(text) as APIGatewayProxyEvent;
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function requireFunction(functionName: string): void {
  if (!functionNames.includes(functionName)) {
    throw new UsageError(`Unknown function "${functionName}". Functions: ${functionNames.join(', ')}`);
  }
}

/** Sets the function's local variables that the shell has not set. */
export function applyLocalEnvironment(functionName: string): void {
  const route = routes.find((candidate) => candidate.function === functionName);
  const local = localEnvironment(functionNeeds(route), { DYNAMODB_ENDPOINT: '' });
  for (const [key, value] of Object.entries(local)) {
    if (process.env[key] === undefined && value !== '') process.env[key] = value;
  }
  process.env.AWS_REGION ??= 'us-east-1';
  // Like npm start: EMF lines would bury the logs of one local call; METRICS=emf prints them.
  process.env.METRICS ??= 'off';
}

/** Calls the handler once with the event (in its local environment), capturing what it writes to stdout and stderr. */
export async function invokeFunction(functionName: string, event: APIGatewayProxyEvent): Promise<InvokeResult> {
  requireFunction(functionName);
  applyLocalEnvironment(functionName);
  const handler = await loadHandler(functionName);
  const captured: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((value): value is () => void => typeof value === 'function');
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  let response: APIGatewayProxyResult;
  try {
    response = await handler(event, lambdaContext(functionName));
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
  const logs = captured.join('').split('\n').filter((line) => line.trim().length > 0);
  return { functionName, response, logs };
}

export interface InvokeOutcome extends InvokeResult {
  dynamoEndpoint?: string;
  /** The running npm start's DynamoDB and table. */
  reused?: boolean;
  /** A DynamoDB Local started for this call alone (no npm start was running). */
  ownDynamo?: boolean;
}

export interface RunOptions {
  functionName: string;
  /** Default: events/<function>.json. */
  eventFile?: string;
}

/** The whole `npm run invoke`: environment, DynamoDB Local when needed, the table, the call. */
export async function runInvoke(options: RunOptions): Promise<InvokeOutcome> {
  requireFunction(options.functionName);
  const event = readEvent(options.eventFile ?? defaultEventFile(options.functionName));
  const route = routes.find((candidate) => candidate.function === options.functionName);
  const needsTable = functionNeeds(route).table;
  // The running npm start's data (credentials and pepper included), the same as the API's.
  const target = needsTable ? await useLocalStack(process.env, { deployed: false }) : undefined;
  const running = target?.kind === 'running' ? target.stack : undefined;
  applyLocalEnvironment(options.functionName);

  let dynamo: DynamoLocal | undefined;
  try {
    if (needsTable && !process.env.DYNAMODB_ENDPOINT) {
      const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : undefined;
      dynamo = await startDynamoLocal({ dataDir });
      process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
      exportLocalCredentials(dynamo.credentials);
    }
    if (needsTable) await ensureTable(process.env.DYNAMODB_ENDPOINT!, process.env.TABLE_NAME!);
    const result = await invokeFunction(options.functionName, event);
    return { ...result, ...(needsTable ? { dynamoEndpoint: process.env.DYNAMODB_ENDPOINT, reused: running !== undefined, ownDynamo: dynamo !== undefined } : {}) };
  } finally {
    await dynamo?.stop();
  }
}

function bodyText(response: APIGatewayProxyResult): string {
  try {
    return JSON.stringify(JSON.parse(response.body), null, 2);
  } catch {
    return response.body;
  }
}

export function formatResult(result: InvokeOutcome): string {
  const lines: string[] = [];
  const where = result.dynamoEndpoint ? ` (table ${process.env.TABLE_NAME} on ${result.dynamoEndpoint}${result.reused ? ', the running npm start' : ''})` : '';
  lines.push(`── ${result.functionName}${where}`);
  lines.push(`── logs (${result.logs.length})`);
  lines.push(...result.logs);
  lines.push(`── response ${result.response.statusCode}`);
  for (const [name, value] of Object.entries(result.response.headers ?? {})) lines.push(`${name}: ${String(value)}`);
  lines.push('', bodyText(result.response));
  if (result.ownDynamo) {
    lines.push(
      '',
      `── No running npm start was found, so this call used a DynamoDB Local of its own${process.env.DATA_DIR ? ` (data in ${process.env.DATA_DIR})` : ', in memory: its data is gone now'}.`,
      '   To work on the data of the API you call, run `npm start` in another terminal first; invoke then uses its DynamoDB.',
    );
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const [functionName, eventFile] = argv;
  if (!functionName || functionName === '--help' || functionName === '-h') {
    console.log(`Usage: npm run invoke -- <function> [event.json]\n\nFunctions: ${functionNames.join(', ')}\nEvents:    events/<function>.json (npm run events regenerates them)`);
    process.exitCode = functionName ? 0 : 1;
    return;
  }
  const result = await runInvoke({ functionName, eventFile });
  console.log(formatResult(result));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof UsageError || error instanceof JavaMissingError) console.error(error.message);
    else console.error('Invocation failed:', error);
    process.exitCode = 1;
  });
}
