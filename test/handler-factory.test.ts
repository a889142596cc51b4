import type { APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod/mini';
import { SignetError } from '../lib/errors.js';
import { createHandler } from '../lib/http/handler.js';
import { lambdaContext, toApiGatewayEvent } from '../tools/local/server.js';

const echo = createHandler(
  { schema: z.object({ name: z.string().check(z.minLength(1)), count: z.optional(z.number()) }) },
  async (input) => ({ body: { ok: true, input } }),
);
const failing = createHandler({}, async () => {
  throw Object.assign(new Error('boom with secret details'), { name: 'TypeError' });
});
const throttled = createHandler({}, async () => {
  throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } });
});
const domainError = createHandler({}, async () => {
  throw new SignetError('conflict', 'That name is taken');
});

async function call(
  handler: typeof echo,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; raw: APIGatewayProxyResult }> {
  const event = toApiGatewayEvent({
    method: 'POST',
    url: new URL(path, 'http://127.0.0.1'),
    headers,
    body,
    resource: path,
    pathParameters: null,
    sourceIp: '127.0.0.1',
  });
  const raw = await handler(event, lambdaContext('test'));
  return { status: raw.statusCode, json: JSON.parse(raw.body), raw };
}

const json = { 'content-type': 'application/json' };

describe('createHandler', () => {
  it('parses and validates a JSON body', async () => {
    const response = await call(echo, '/api/x', JSON.stringify({ name: 'a', count: 2 }), json);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true, input: { name: 'a', count: 2 } });
  });

  it('accepts a JSON content type with parameters in any case', async () => {
    const response = await call(echo, '/api/x', '{"name":"a"}', { 'Content-Type': 'Application/JSON; charset=UTF-8' });
    expect(response.status).toBe(200);
  });

  it('parses form-urlencoded bodies into string fields', async () => {
    const response = await call(echo, '/api/x', 'name=sam%40example.com&x=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(200);
    expect(response.json.input).toEqual({ name: 'sam@example.com' });
  });

  it('answers malformed JSON with a 400 in the /api format', async () => {
    const response = await call(echo, '/api/x', '{"name":', json);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ ok: false, error: 'invalid_request' });
  });

  it('answers malformed JSON on /auth paths in the Spaaza format', async () => {
    const response = await call(echo, '/auth/x', '{"name":', json);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ result: { code: 2, status: 'error' }, error: { code: 1011, name: 'malformed_body' } });
  });

  it('refuses JSON that is not an object', async () => {
    for (const body of ['[1,2]', '"text"', '42', 'null']) {
      const response = await call(echo, '/api/x', body, json);
      expect(response.status).toBe(400);
      expect(response.json.error).toBe('invalid_request');
    }
  });

  it('refuses prototype pollution keys', async () => {
    const response = await call(echo, '/api/x', '{"name":"a","__proto__":{"admin":true}}', json);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('answers a wrong content type with 415', async () => {
    const response = await call(echo, '/api/x', '<xml/>', { 'content-type': 'application/xml' });
    expect(response.status).toBe(415);
    expect(response.json.error).toBe('unsupported_media_type');
  });

  it('answers a body without content type with 415, and an empty body needs none', async () => {
    expect((await call(echo, '/api/x', 'name=a')).status).toBe(415);
    const empty = await call(echo, '/api/x', '');
    expect(empty.status).toBe(400);
    expect(empty.json.issues).toEqual([{ path: 'name', message: 'Required' }]);
  });

  it('answers an oversized body with 413 before looking at its type', async () => {
    const response = await call(echo, '/api/x', 'x'.repeat(40 * 1024), { 'content-type': 'text/plain' });
    expect(response.status).toBe(413);
    expect(response.json.error).toBe('payload_too_large');
  });

  it('lists validation issues', async () => {
    const response = await call(echo, '/api/x', JSON.stringify({ name: '', count: 'x' }), json);
    expect(response.status).toBe(400);
    expect(response.json.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'name' }), expect.objectContaining({ path: 'count' })]),
    );
  });

  it('maps named domain errors once', async () => {
    const response = await call(domainError, '/api/x', '');
    expect(response.status).toBe(409);
    expect(response.json).toEqual({ ok: false, error: 'conflict', message: 'That name is taken' });
  });

  it('answers unknown failures with a bare 500 that leaks nothing', async () => {
    const response = await call(failing, '/api/x', '');
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ ok: false, error: 'internal_error', message: 'Internal error' });
    expect(response.raw.body).not.toContain('secret');
  });

  it('answers DynamoDB throttling with 503 unavailable', async () => {
    const response = await call(throttled, '/auth/x', '');
    expect(response.status).toBe(503);
    expect(response.json).toMatchObject({ error: { name: 'service_unavailable' } });
  });

  it('decodes base64 bodies', async () => {
    const event = toApiGatewayEvent({
      method: 'POST',
      url: new URL('/api/x', 'http://127.0.0.1'),
      headers: json,
      body: Buffer.from('{"name":"b64"}').toString('base64'),
      resource: '/api/x',
      pathParameters: null,
      sourceIp: '127.0.0.1',
    });
    event.isBase64Encoded = true;
    const raw = await echo(event, lambdaContext('test'));
    expect(JSON.parse(raw.body)).toEqual({ ok: true, input: { name: 'b64' } });
  });
});
