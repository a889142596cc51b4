import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFacebookUser {
  id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}

export interface FakeGraph {
  /** Base URL to put in FACEBOOK_GRAPH_URL. */
  url: string;
  /** Makes `token` valid for `user`. */
  addToken(token: string, user: FakeFacebookUser): void;
  /** Requests received (path + query), for assertions. */
  requests: URL[];
  close(): Promise<void>;
}

/**
 * A stand-in for the Graph API's `GET /me` on 127.0.0.1 (random port): known
 * tokens answer their user, anything else the OAuthException Facebook sends.
 */
export async function startFakeGraph(): Promise<FakeGraph> {
  const tokens = new Map<string, FakeFacebookUser>();
  const requests: URL[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const user = tokens.get(url.searchParams.get('access_token') ?? '');
    response.setHeader('content-type', 'application/json');
    if (request.method !== 'GET' || url.pathname !== '/me' || !user) {
      response.statusCode = 400;
      response.end(JSON.stringify({ error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } }));
      return;
    }
    const fields = (url.searchParams.get('fields') ?? 'id').split(',');
    const body: Record<string, unknown> = {};
    for (const field of fields) {
      const value = user[field as keyof FakeFacebookUser];
      if (value !== undefined) body[field] = value;
    }
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    addToken: (token, user) => tokens.set(token, user),
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
