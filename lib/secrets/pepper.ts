import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { nowMs } from '../clock.js';
import { config } from '../config.js';
import { outOfTime, raceAbort } from '../db/send.js';
import { logger } from '../logger.js';
import { requestContext } from '../request-context.js';

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

/** Secrets Manager answers within these per attempt; two attempts stay well inside a request's deadline. */
const secretsTimeouts = { connectionTimeout: 1000, requestTimeout: 2000 } as const;

let client: SecretsManagerClient | undefined;

/** Shared with the other secrets read the same way (lib/secrets/origin-secret.ts). */
export function secretsClient(): SecretsManagerClient {
  if (client) return client;
  const { AWS_REGION, SECRETS_MANAGER_ENDPOINT } = config();
  client = new SecretsManagerClient({
    region: AWS_REGION,
    maxAttempts: 2,
    requestHandler: { ...secretsTimeouts, throwOnRequestTimeout: true },
    // A local stand-in checks no signature: it needs some credentials, not real ones.
    ...(SECRETS_MANAGER_ENDPOINT ? { endpoint: SECRETS_MANAGER_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return client;
}

interface Held {
  secretId: string;
  value: string;
  readAt: number;
}

let held: Held | undefined;
let reading: Promise<string> | undefined;

async function readSecret(secretId: string): Promise<string> {
  const context = requestContext();
  if (context?.signal.aborted) throw outOfTime();
  const call = secretsClient().send(new GetSecretValueCommand({ SecretId: secretId }), context ? { abortSignal: context.signal } : undefined);
  const { SecretString } = await (context ? raceAbort(call, context.signal) : call);
  if (!SecretString || SecretString.length < 32) throw new Error('Invalid configuration: the CLIENT_SECRET_PEPPER secret must hold a string of 32+ characters');
  held = { secretId, value: SecretString, readAt: nowMs() };
  return SecretString;
}

async function fromSecretsManager(secretId: string): Promise<string> {
  const ttlMs = config().CLIENT_SECRET_PEPPER_CACHE_SECONDS * 1000;
  const current = held?.secretId === secretId ? held : undefined;
  if (current && nowMs() - current.readAt < ttlMs) return current.value;
  // One read at a time per container: concurrent requests (the local server) share it.
  reading ??= readSecret(secretId).finally(() => {
    reading = undefined;
  });
  try {
    return await reading;
  } catch (error) {
    if (!current) throw error;
    logger.warn('could not refresh CLIENT_SECRET_PEPPER; using the value read before', { errorName: error instanceof Error ? error.name : 'unknown' });
    return current.value;
  }
}

/** The client-secret HMAC key: the configured value, or the secret's current value. */
export async function clientSecretPepper(): Promise<string> {
  const { CLIENT_SECRET_PEPPER, CLIENT_SECRET_PEPPER_SECRET_ARN } = config();
  if (CLIENT_SECRET_PEPPER) return CLIENT_SECRET_PEPPER;
  if (CLIENT_SECRET_PEPPER_SECRET_ARN) return fromSecretsManager(CLIENT_SECRET_PEPPER_SECRET_ARN);
  throw missing();
}

/** Tests change the environment between cases: forget the client and the value held. */
export function resetClientSecretPepperForTests(): void {
  client = undefined;
  held = undefined;
  reading = undefined;
}
