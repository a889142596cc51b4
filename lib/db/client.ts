import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import { dynamoRetryPolicy, SignetRetryStrategy } from './retry-policy.js';

/**
 * Per-attempt limits against DynamoDB. Its calls take single-digit milliseconds, so a
 * connection not open after 1 s or an answer not back after 2 s is a fault, cut off
 * and retried (lib/db/retry-policy.ts). With 3 attempts a call that hangs every time
 * gives up after about 6.2 s, inside the 10 s function timeout, so the function still
 * answers its own 503. DynamoDB Local (tests, `npm start`) is a JVM on a shared
 * machine, not DynamoDB: it gets generous limits instead of flaky timeouts.
 */
export const dynamoTimeouts = {
  deployed: { connectionTimeout: 1000, requestTimeout: 2000 },
  local: { connectionTimeout: 5000, requestTimeout: 20_000 },
} as const;

/** The container's retry strategy (its retry budget is per container). */
export const dynamoRetryStrategy = new SignetRetryStrategy(dynamoRetryPolicy);

/**
 * DynamoDB Local separates data by access key (the local launcher, dynamo-local.ts): `npm start` and
 * the tests export their random pair as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
 */
export function localEndpointCredentials(): { accessKeyId: string; secretAccessKey: string } {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = process.env;
  return AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY ? { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY } : { accessKeyId: 'local', secretAccessKey: 'local' };
}

/**
 * The one DocumentClient of a container, built on first use and kept, so a warm call
 * reuses its connections. `DYNAMODB_ENDPOINT` points it at DynamoDB Local.
 */
function buildClient(): DynamoDBDocumentClient {
  const { DYNAMODB_ENDPOINT, AWS_REGION } = config();
  const client = new DynamoDBClient({
    region: AWS_REGION,
    maxAttempts: dynamoRetryPolicy.maxAttempts,
    retryStrategy: dynamoRetryStrategy,
    requestHandler: { ...(DYNAMODB_ENDPOINT ? dynamoTimeouts.local : dynamoTimeouts.deployed), throwOnRequestTimeout: true },
    ...(DYNAMODB_ENDPOINT
      ? { endpoint: DYNAMODB_ENDPOINT, credentials: localEndpointCredentials() }
      : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

let built: DynamoDBDocumentClient | undefined;

/**
 * Built on first use, not at import: a module that only imports lib/db (the OpenAPI
 * generator, the local scripts before they set TABLE_NAME or DYNAMODB_ENDPOINT) must not
 * read the configuration, which config() parses once per process.
 */
export const db: DynamoDBDocumentClient = new Proxy({} as DynamoDBDocumentClient, {
  get(_target, property) {
    built ??= buildClient();
    const value = Reflect.get(built, property, built) as unknown;
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(built) : value;
  },
});
