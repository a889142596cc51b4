import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { nowMs } from '../clock.js';
import { config } from '../config.js';
import { outOfTime, raceAbort } from '../db/send.js';
import { logger } from '../logger.js';
import { requestContext } from '../request-context.js';
import { secretsClient } from './pepper.js';

/**
 * CLOUDFRONT_ORIGIN_SECRET, the value CloudFront sends in X-Origin-Verify (issue 21).
 * Locally it is in the environment; deployed the function has the Secrets Manager
 * secret's ARN (CLOUDFRONT_ORIGIN_SECRET_ARN) and reads it like the pepper: once per
 * container, kept CLIENT_SECRET_PEPPER_CACHE_SECONDS, so a rotated value is picked up
 * without a redeploy. Undefined when neither is configured: no request is verified.
 */
let held: { secretId: string; value: string; readAt: number } | undefined;

async function read(secretId: string): Promise<string> {
  const context = requestContext();
  if (context?.signal.aborted) throw outOfTime();
  const call = secretsClient().send(new GetSecretValueCommand({ SecretId: secretId }), context ? { abortSignal: context.signal } : undefined);
  const { SecretString } = await (context ? raceAbort(call, context.signal) : call);
  if (!SecretString || SecretString.length < 32) throw new Error('Invalid configuration: the CloudFront origin secret must hold a string of 32+ characters');
  held = { secretId, value: SecretString, readAt: nowMs() };
  return SecretString;
}

export async function cloudFrontOriginSecret(): Promise<string | undefined> {
  const { CLOUDFRONT_ORIGIN_SECRET, CLOUDFRONT_ORIGIN_SECRET_ARN, CLIENT_SECRET_PEPPER_CACHE_SECONDS } = config();
  if (CLOUDFRONT_ORIGIN_SECRET) return CLOUDFRONT_ORIGIN_SECRET;
  if (!CLOUDFRONT_ORIGIN_SECRET_ARN) return undefined;
  const current = held?.secretId === CLOUDFRONT_ORIGIN_SECRET_ARN ? held : undefined;
  if (current && nowMs() - current.readAt < CLIENT_SECRET_PEPPER_CACHE_SECONDS * 1000) return current.value;
  try {
    return await read(CLOUDFRONT_ORIGIN_SECRET_ARN);
  } catch (error) {
    if (!current) throw error;
    logger.warn('could not refresh the CloudFront origin secret; using the value read before', { errorName: error instanceof Error ? error.name : 'unknown' });
    return current.value;
  }
}
