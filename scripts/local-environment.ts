/**
 * Imported first by local scripts that may talk to the DynamoDB Local of a running
 * `npm start` / `npm run dynamo:local`: when DYNAMODB_ENDPOINT is that one, its random
 * credentials (announced through tools/local/dynamo-discovery.ts) and the development
 * pepper it uses are put into this process's environment before any client is built.
 */
import { localClientSecretPepper } from '../lib/config.js';
import { announcedDynamo } from '../tools/local/dynamo-discovery.js';
import { exportLocalCredentials } from '../tools/local/dynamo-local.js';

const running = announcedDynamo();
if (running?.credentials && process.env.DYNAMODB_ENDPOINT === running.endpoint && !process.env.AWS_ACCESS_KEY_ID) {
  exportLocalCredentials(running.credentials);
  process.env.CLIENT_SECRET_PEPPER ??= localClientSecretPepper;
}
