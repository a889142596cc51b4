import { ensureTable } from '../../tools/local/dynamo-local.js';

beforeAll(async () => {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const table = process.env.TABLE_NAME;
  if (endpoint && table) await ensureTable(endpoint, table);
});
