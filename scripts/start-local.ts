/**
 * `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the table, and
 * every route of the route table on PORT through the real handlers.
 *
 * Output: on a terminal one line per request and readable log lines; piped (or
 * LOG_FORMAT=json) the functions' JSON logs exactly as deployed, with the banner on
 * stderr. Metrics (EMF) are off unless METRICS=emf.
 */
import { resolve } from 'node:path';
import { config, localClientSecretPepper } from '../lib/config.js';
import { errorFields, logger } from '../lib/logger.js';
import { announcedDynamo, announceRunningDynamo } from '../tools/local/dynamo-discovery.js';
import { ensureTable, exportLocalCredentials, JavaMissingError, startDynamoLocal, type DynamoLocal } from '../tools/local/dynamo-local.js';
import { linkLines } from '../tools/local/links.js';
import { ensurePortalBuilt } from '../portal/build.js';
import { startLocalServer } from '../tools/local/server.js';
import { chooseLogFormat, formatRequestLine, installPrettyOutput, type LogFormat, type ServedRequest } from '../tools/local/terminal-output.js';

async function main(): Promise<void> {
  // npm start's defaults; config() then reads the environment once, for the handlers too,
  // so it runs after DYNAMODB_ENDPOINT is known.
  process.env.TABLE_NAME ??= 'signet-local';
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.METRICS ??= 'off';
  // Every local account may be a developer (issue 21); deployed stacks set closed.
  process.env.DEVELOPER_SIGNUP ??= 'open';
  process.env.PUBLIC_BASE_URL ??= `http://127.0.0.1:${process.env.PORT || 3000}`;
  // npm start opts in to the public development pepper explicitly (API.md §7.6); deployed functions never do.
  process.env.CLIENT_SECRET_PEPPER ??= localClientSecretPepper;

  ensurePortalBuilt();
  let dynamo: DynamoLocal | undefined;
  let storage = 'DYNAMODB_ENDPOINT';
  // Another npm start's or `npm run dynamo:local`'s DynamoDB Local: its random credentials come with its announcement.
  const announced = announcedDynamo();
  if (process.env.DYNAMODB_ENDPOINT && announced?.credentials && announced.endpoint === process.env.DYNAMODB_ENDPOINT) exportLocalCredentials(announced.credentials);
  if (!process.env.DYNAMODB_ENDPOINT) {
    const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : undefined;
    dynamo = await startDynamoLocal({ dataDir });
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    storage = dataDir ? `DynamoDB Local, data kept in ${dataDir}` : 'DynamoDB Local, in memory';
    exportLocalCredentials(dynamo.credentials);
  }
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  let settings: ReturnType<typeof config>;
  let format: LogFormat;
  try {
    settings = config();
    format = chooseLogFormat(settings.LOG_FORMAT, process.stdout.isTTY === true);
    if (format === 'pretty') installPrettyOutput({ color: process.stdout.isTTY === true });
    await ensureTable(process.env.DYNAMODB_ENDPOINT, process.env.TABLE_NAME);
    server = await startLocalServer({ port: settings.PORT, onRequest: format === 'pretty' ? printRequest : logFailure });
  } catch (error) {
    await dynamo?.stop();
    throw error;
  }
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const tableName = process.env.TABLE_NAME;
  const withdraw = announceRunningDynamo({ endpoint, tableName, ...(dynamo ? { credentials: dynamo.credentials } : {}) });
  // Piped output stays JSON lines only: the banner, for a person, goes to stderr.
  const say = format === 'pretty' ? console.log : console.error;
  say(`Signet is running: table ${tableName} on ${endpoint} (${storage})`);
  for (const line of linkLines(server.url)) say(line);
  say(`Logs: ${format === 'pretty' ? 'readable (LOG_FORMAT=json for JSON)' : 'JSON'}; metrics ${settings.METRICS === 'off' ? 'off (METRICS=emf prints them)' : 'on'}. Ctrl-C stops.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    withdraw();
    await server.close();
    await dynamo?.stop();
    process.exit(0);
  };
  // Ctrl-C, a kill, or the terminal closing: DynamoDB Local and the announcement go too.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());
}

function printRequest(served: ServedRequest): void {
  console.log(formatRequestLine(served, { color: process.stdout.isTTY === true }));
}

/** JSON mode: the request itself is in the functions' logs; only a function that threw needs a line of its own. */
function logFailure(served: ServedRequest): void {
  if (served.error !== undefined) logger.error('local server: the function threw', { method: served.method, path: served.path, ...errorFields(served.error) });
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) console.error(error.message);
  else console.error('Signet failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
