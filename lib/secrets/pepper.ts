import { config } from '../config.js';
import { secretValue } from './secret-value.js';

/**
 * The one accessor of CLIENT_SECRET_PEPPER, the HMAC key of stored client secrets.
 *
 * Locally (`npm start`, tests, `sam local`) the value is in the environment. Deployed, the
 * function has only the secret's ARN (CLIENT_SECRET_PEPPER_SECRET_ARN): the value never
 * sits in the function configuration, where `lambda:GetFunctionConfiguration` would show
 * it. It is read with GetSecretValue once per container and kept
 * CLIENT_SECRET_PEPPER_CACHE_SECONDS (business clock, lib/clock.ts), so a replaced value
 * is used within that TTL without a redeploy. A read runs inside the request's deadline
 * (its abort signal); when a refresh fails, the value already held is kept and the
 * next call tries again. Own code rather than Powertools Parameters: its cache follows
 * Date.now(), not the injected clock, and takes no abort signal.
 */

const missing = () =>
  new Error(
    'Invalid configuration: CLIENT_SECRET_PEPPER (32+ characters) or CLIENT_SECRET_PEPPER_SECRET_ARN is required; only npm start and the tests set the public development value',
  );

/** At cold start (the handler factories of the routes that make or check secrets): one source is configured. */
export function assertClientSecretPepperConfigured(): void {
  const { CLIENT_SECRET_PEPPER, CLIENT_SECRET_PEPPER_SECRET_ARN } = config();
  if (!CLIENT_SECRET_PEPPER && !CLIENT_SECRET_PEPPER_SECRET_ARN) throw missing();
}

/** The client-secret HMAC key: the configured value, or the secret's current value. */
export async function clientSecretPepper(): Promise<string> {
  const { CLIENT_SECRET_PEPPER, CLIENT_SECRET_PEPPER_SECRET_ARN } = config();
  if (CLIENT_SECRET_PEPPER) return CLIENT_SECRET_PEPPER;
  if (CLIENT_SECRET_PEPPER_SECRET_ARN) return secretValue(CLIENT_SECRET_PEPPER_SECRET_ARN, { name: 'CLIENT_SECRET_PEPPER', minLength: 32 });
  throw missing();
}
