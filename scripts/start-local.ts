/**
 * `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the table, and
 * every route of the route table on PORT through the real handlers.
 */
import { resolve } from 'node:path';
import { localClientSecretPepper } from '../lib/config.js';
import { ensureTable, exportLocalCredentials, JavaMissingError, recordRunningLocalDynamo, runningLocalDynamo, startDynamoLocal, type DynamoLocal } from '../lib/local/dynamo-local.js';
import { startLocalServer } from '../lib/local/server.js';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  process.env.TABLE_NAME ??= 'signet-local';
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.PUBLIC_BASE_URL ??= `http://127.0.0.1:${port}`;
  // npm start opts in to the public development pepper explicitly (API.md §7.6); deployed functions never do.
  process.env.CLIENT_SECRET_PEPPER ??= localClientSecretPepper;

  let dynamo: DynamoLocal | undefined;
  let forgetRunning = () => undefined as void;
  const running = runningLocalDynamo();
  if (process.env.DYNAMODB_ENDPOINT && running?.endpoint === process.env.DYNAMODB_ENDPOINT) exportLocalCredentials(running.credentials);
  if (!process.env.DYNAMODB_ENDPOINT) {
    const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : undefined;
    dynamo = await startDynamoLocal({ dataDir });
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    exportLocalCredentials(dynamo.credentials);
    forgetRunning = recordRunningLocalDynamo(dynamo);
    console.log(`DynamoDB Local on ${dynamo.endpoint} (${dataDir ? `data kept in ${dataDir}` : 'in memory'})`);
  }
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  try {
    await ensureTable(process.env.DYNAMODB_ENDPOINT, process.env.TABLE_NAME);
    server = await startLocalServer({ port });
  } catch (error) {
    await dynamo?.stop();
    forgetRunning();
    throw error;
  }
  console.log(`Signet API listening on ${server.url}  (table ${process.env.TABLE_NAME})`);
  console.log(`Try: curl ${server.url}/health`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await dynamo?.stop();
    forgetRunning();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) console.error(error.message);
  else console.error('Signet failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
