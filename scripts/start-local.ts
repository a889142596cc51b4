/**
 * `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), a local SES v2
 * endpoint (unless SES_ENDPOINT is set; aws-ses-v2-local, on SES_PORT or a free port), the
 * table, and every route of the route table on PORT through the real handlers.
 *
 * Output: on a terminal one line per request and readable log lines; piped (or
 * LOG_FORMAT=json) the functions' JSON logs exactly as deployed, with the banner on
 * stderr. Metrics (EMF) are off unless METRICS=emf.
 */
import { resolve } from 'node:path';
import { config, localClientSecretPepper } from '../lib/config.js';
import { errorFields, logger } from '../lib/logger.js';
import { announcedDynamo, announceRunningDynamo } from '../tools/local/dynamo-discovery.js';
import { ensureTable, exportLocalCredentials, freePort, JavaMissingError, startDynamoLocal, type DynamoLocal } from '../tools/local/dynamo-local.js';
import { linkLines } from '../tools/local/links.js';
import { startLocalSes, type LocalSes } from '../tools/local/local-ses.js';
import { localEndpointCredentials } from '../lib/db/client.js';
import { ensurePortalBuilt } from '../portal/build.js';
import { startLocalServer } from '../tools/local/server.js';
import { createLocalWebhooks } from '../tools/local/webhooks-runtime.js';
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
  // npm start opts in to the public development pepper explicitly (docs/security.md); deployed functions never do.
  process.env.CLIENT_SECRET_PEPPER ??= localClientSecretPepper;
  // Webhooks to a receiver on this machine (http://127.0.0.1:...); deployed stacks never set it.
  process.env.WEBHOOK_ALLOW_LOOPBACK ??= 'true';

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
  // Mail (docs/api.md, account lifecycle): a local SES v2 endpoint unless SES_ENDPOINT names one; the same SendEmail code runs.
  let ses: LocalSes | undefined;
  if (!process.env.SES_ENDPOINT) {
    ses = await startLocalSes({ port: process.env.SES_PORT ? Number(process.env.SES_PORT) : await freePort() });
    process.env.SES_ENDPOINT = ses.endpoint;
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
    await ses?.stop();
    throw error;
  }
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const tableName = process.env.TABLE_NAME;
  // Webhooks (docs/webhooks.md): the deployed fan-out, sender and expiry sweep, fed by this table's stream.
  const webhooks = createLocalWebhooks({ endpoint, tableName });
  await webhooks.prepare();
  webhooks.start();
  // Whatever DYNAMODB_ENDPOINT and DATA_DIR were: the credentials and pepper this API uses, for invoke and the CLI.
  const withdraw = announceRunningDynamo({
    endpoint,
    tableName,
    credentials: localEndpointCredentials(),
    clientSecretPepper: settings.CLIENT_SECRET_PEPPER ?? localClientSecretPepper,
    baseUrl: server.url,
  });
  // Piped output stays JSON lines only: the banner, for a person, goes to stderr.
  const say = format === 'pretty' ? console.log : console.error;
  say(`Signet is running: table ${tableName} on ${endpoint} (${storage})`);
  for (const line of linkLines(server.url)) say(line);
  say(
    ses
      ? `Mail: local SES v2 on ${ses.endpoint}: read sent mail at ${ses.endpoint}/ (JSON: ${ses.endpoint}/store)`
      : `Mail: SES_ENDPOINT ${process.env.SES_ENDPOINT}`,
  );
  say(`Webhooks: live (table stream read every second; retries and the expiry sweep run here${settings.WEBHOOK_ALLOW_LOOPBACK === 'true' ? '; http to loopback allowed' : ''}).`);
  say(`Logs: ${format === 'pretty' ? 'readable (LOG_FORMAT=json for JSON)' : 'JSON'}; metrics ${settings.METRICS === 'off' ? 'off (METRICS=emf prints them)' : 'on'}. Ctrl-C stops.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    withdraw();
    webhooks.stop();
    await server.close();
    await dynamo?.stop();
    await ses?.stop();
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
