import { config } from '../config.js';
import { secretValue } from './secret-value.js';

/**
 * CLOUDFRONT_ORIGIN_SECRET, the value CloudFront sends in X-Origin-Verify (issue 21).
 * Locally it is in the environment; deployed the function has the Secrets Manager
 * secret's ARN (CLOUDFRONT_ORIGIN_SECRET_ARN) and reads it like the pepper
 * (./secret-value.ts): once per container, kept CLIENT_SECRET_PEPPER_CACHE_SECONDS, so a
 * rotated value is picked up without a redeploy. Undefined when neither is configured:
 * no request is verified.
 */
export async function cloudFrontOriginSecret(): Promise<string | undefined> {
  const { CLOUDFRONT_ORIGIN_SECRET, CLOUDFRONT_ORIGIN_SECRET_ARN } = config();
  if (CLOUDFRONT_ORIGIN_SECRET) return CLOUDFRONT_ORIGIN_SECRET;
  if (!CLOUDFRONT_ORIGIN_SECRET_ARN) return undefined;
  return secretValue(CLOUDFRONT_ORIGIN_SECRET_ARN, { name: 'CLOUDFRONT_ORIGIN_SECRET', minLength: 32 });
}
