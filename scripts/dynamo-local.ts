/**
 * `npm run dynamo:local`: the DynamoDB Local that `sam local` functions and
 * `npm run invoke` share, on port 8000 (DYNAMO_PORT), with the `signet-local`
 * table (TABLE_NAME) created from lib/db/table-definition.ts. In memory unless
 * DATA_DIR is set. With DYNAMODB_ENDPOINT set it only creates the table there
 * (e.g. a `docker run amazon/dynamodb-local` you started yourself). Ctrl-C stops it.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureTable, exportLocalCredentials, JavaMissingError, recordRunningLocalDynamo, startDynamoLocal, type DynamoLocal } from '../lib/local/dynamo-local.js';

async function main(): Promise<void> {
  const tableName = process.env.TABLE_NAME ?? 'signet-local';
  let dynamo: DynamoLocal | undefined;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : undefined;
    dynamo = await startDynamoLocal({ port: Number(process.env.DYNAMO_PORT ?? 8000), dataDir });
    endpoint = dynamo.endpoint;
    exportLocalCredentials(dynamo.credentials);
    recordRunningLocalDynamo(dynamo);
    console.log(`DynamoDB Local on ${endpoint} (${dataDir ? `data kept in ${dataDir}` : 'in memory'})`);
    console.log('Its data is under random credentials (.data/running-dynamo.json); other local scripts read them from there.');
  }
  await ensureTable(endpoint, tableName);
  console.log(`Table ${tableName} ready on ${endpoint}`);
  if (!dynamo) return;
  console.log('sam local containers reach it as http://host.docker.internal:8000 (env.local.json). Ctrl-C stops it.');
  const stop = async () => {
    await dynamo.stop();
    rmSync(join(import.meta.dirname, '..', '.data', 'running-dynamo.json'), { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof JavaMissingError ? error.message : `DynamoDB Local failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
