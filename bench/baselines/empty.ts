import type { APIGatewayProxyResult } from 'aws-lambda';

/** Baseline: a function that does nothing. Its cold init is Node importing a tiny ESM bundle. */
export const handler = async (): Promise<APIGatewayProxyResult> => ({ statusCode: 200, body: '{"ok":true}' });
