import { ensureTable } from '../../tools/local/dynamo-local.js';
import { useTestPasswordCost } from '../../lib/users/password.js';

// The suite creates thousands of users: it hashes passwords at a cheap cost, set here in
// code (no configuration can lower the production cost). test/trust-secrets.test.ts proves
// the production default and the upgrade at login.
useTestPasswordCost();

beforeAll(async () => {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const table = process.env.TABLE_NAME;
  if (endpoint && table) await ensureTable(endpoint, table);
});
