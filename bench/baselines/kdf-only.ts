import type { APIGatewayProxyResult } from 'aws-lambda';
import { deriveOnce } from '../lib/kdf.js';

/**
 * Baseline: one scrypt with the password parameters, in a fresh process. login and
 * add-user pay this on purpose (docs/security.md); it is the part of their cold init
 * no bundling change can remove.
 */
export const handler = async (): Promise<APIGatewayProxyResult> => {
  await deriveOnce();
  return { statusCode: 200, body: '{"ok":true}' };
};
