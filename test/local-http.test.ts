import { startLocalApi, type LocalApi } from './support/http.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.close());

describe('the local HTTP server', () => {
  it('serves a route over real HTTP', async () => {
    const response = await api.call('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true });
  });

  it('answers callers speaking from other loopback addresses', async () => {
    const response = await api.call('GET', '/nowhere', { from: '127.0.0.3' });
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ ok: false, error: 'not_found' });
  });
});
