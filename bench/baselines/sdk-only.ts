import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';

/**
 * Baseline: the irreducible cost of any function here. It builds a
 * DocumentClient at import time (region, endpoint, marshalling options as in
 * lib/db/client.ts; the SDK's default retry strategy) and reads one item.
 * No config parsing, no validation library, no middleware.
 */
const endpoint = process.env.DYNAMODB_ENDPOINT;
// DynamoDB Local keeps one database per access key: the bench's random pair, as lib/db/client.ts reads it.
const { AWS_ACCESS_KEY_ID: accessKeyId = 'local', AWS_SECRET_ACCESS_KEY: secretAccessKey = 'local' } = process.env;
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: 4,
    ...(endpoint ? { endpoint, credentials: { accessKeyId, secretAccessKey } } : {}),
  }),
  { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
);

export const handler = async (): Promise<APIGatewayProxyResult> => {
  const { Item } = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'BENCH#BASELINE', sk: 'BENCH' } }));
  return { statusCode: 200, body: JSON.stringify({ ok: true, found: Item !== undefined }) };
};
