// Plain JS: Jest loads global setup with Node's own resolver, so the TypeScript
// module is loaded through tsx. One DynamoDB Local serves the whole run; each
// test file gets a table of its own (per-file-env.ts, per-file-table.ts).
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  if (process.env.DYNAMODB_ENDPOINT) return;
  const { startDynamoLocal, exportLocalCredentials } = await tsImport('../../tools/local/dynamo-local.ts', import.meta.url);
  const dynamo = await startDynamoLocal();
  exportLocalCredentials(dynamo.credentials); // the workers inherit them (DynamoDB Local's data is per access key)
  globalThis.__signetDynamo = dynamo;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
}
