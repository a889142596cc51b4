import { api } from './support/api.js';

describe('handler factory and routing', () => {
  it('answers /health without touching the database', async () => {
    const response = await api('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    // It reads no body, so it has no body errors to give (its document lists none).
    expect((await api('GET', '/health', { headers: { 'content-type': 'text/plain' }, body: '{not json' })).status).toBe(200);
  });

  it('answers unknown /api routes with a JSON 404 in the /api format', async () => {
    const response = await api('GET', '/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ ok: false, error: 'not_found', message: expect.any(String) });
  });

  it('answers unknown /auth routes with a Spaaza-style 404', async () => {
    const response = await api('POST', '/auth/nothing-here', { body: 'garbage', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(404);
    expect(response.json).toEqual({
      result: { code: 2, status: 'error' },
      error: { code: 1001, name: 'api_call_not_found', description: expect.any(String) },
    });
  });

  it('answers a known path with another method with 405 and an Allow header', async () => {
    const response = await api('DELETE', '/health');
    expect(response.status).toBe(405);
    expect(response.json.error).toBe('method_not_allowed');
    expect(response.headers.allow).toBe('GET');
  });
});
