import { connect } from 'node:net';
import { startLocalApi, type LocalApi } from './support/http.js';

/** docs/security.md, Trust under abuse: oversized headers and bodies get the route's JSON error body; bodies are not buffered past the limit. */
let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.close());

const spaazaError = (code: number, name: string) => ({ result: { code: 2, status: 'error' }, error: { code, name, description: expect.any(String) } });

describe('finding 7: 431 and 413 in the route\'s format', () => {
  it('answers a 20 KB header with 431 and a JSON body: Spaaza style on /auth, /api style on /api', async () => {
    const big = { 'x-padding': 'a'.repeat(20 * 1024) };
    const auth = await api.call('POST', '/auth/login', { headers: big, body: { username: 'a@example.com', password: 'x' } });
    expect(auth.status).toBe(431);
    expect(auth.json).toEqual(spaazaError(1019, 'headers_too_large'));
    const developer = await api.call('GET', '/api/developer/applications', { headers: big });
    expect(developer.status).toBe(431);
    expect(developer.json).toMatchObject({ ok: false, error: 'invalid_request', message: expect.any(String) });
  });

  it('answers an 11 MB body on /auth/login with 413 in the Spaaza format', async () => {
    const response = await api.call('POST', '/auth/login', { body: { username: 'a@example.com', password: 'x'.repeat(11 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.json).toEqual(spaazaError(1010, 'payload_too_large'));
  });

  it('refuses a body announced past the limit without waiting for (or buffering) the rest', async () => {
    const { port } = new URL(api.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /auth/add-user HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n{"username":"`);
        socket.write('x'.repeat(64 * 1024)); // then stall: the answer must not wait for the other 50 MB
      });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('utf8');
        if (received.includes('}}')) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(received));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(JSON.parse(answer.slice(answer.indexOf('{'), answer.lastIndexOf('}') + 1))).toEqual(spaazaError(1010, 'payload_too_large'));
  });

  it('answers a body over MAX_BODY_BYTES after authentication, on /api in the /api format', async () => {
    const response = await api.call('POST', '/api/developer/applications', { body: { name: 'x'.repeat(2 * 1024 * 1024) } });
    expect(response.status).toBe(401); // authentication first (contract order), the body was not needed
    expect(response.json).toMatchObject({ ok: false, error: 'unauthorized' });
  });
});
