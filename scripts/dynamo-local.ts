/**
 * `npm run dynamo:local`: the DynamoDB Local that `sam local` functions and
 * `npm run invoke` share, on port 8000 (DYNAMO_PORT), with the `signet-local`
 * table (TABLE_NAME) created from lib/db/table-definition.ts. In memory unless
 * DATA_DIR is set. With DYNAMODB_ENDPOINT set it only creates the table there
 * (e.g. a `docker run amazon/dynamodb-local` you started yourself). Ctrl-C stops it.
 */
import { resolve } from 'node:path';
import { announceRunningDynamo } from '../tools/local/dynamo-discovery.js';
import { ensureTable, exportLocalCredentials, JavaMissingError, startDynamoLocal, type DynamoLocal } from '../tools/local/dynamo-local.js';

async function main(): Promise<void> {
  const tableName = process.env.TABLE_NAME ?? 'signet-local';
  let dynamo: DynamoLocal | undefined;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : undefined;
    dynamo = await startDynamoLocal({ port: Number(process.env.DYNAMO_PORT ?? 8000), dataDir });
    endpoint = dynamo.endpoint;
    exportLocalCredentials(dynamo.credentials);
    console.log(`DynamoDB Local on ${endpoint} (${dataDir ? `data kept in ${dataDir}` : 'in memory'})`);
  }
  await ensureTable(endpoint, tableName);
  console.log(`Table ${tableName} ready on ${endpoint}`);
  if (!dynamo) return;
  // Its data is under random credentials; the announcement (readable by this user only) hands them to other local scripts.
  const withdraw = announceRunningDynamo({ endpoint, tableName, credentials: dynamo.credentials });
  const port = new URL(endpoint).port;
  const samNote = port === '8000' ? '(env.local.json)' : `(env.local.json names port 8000: change its DYNAMODB_ENDPOINT values to port ${port})`;
  console.log(`sam local containers reach it as http://host.docker.internal:${port} ${samNote}. Ctrl-C stops it.`);
  const stop = async () => {
    withdraw();
    await dynamo.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof JavaMissingError ? error.message : `DynamoDB Local failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
