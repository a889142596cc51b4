import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFacebookUser {
  id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}

/** The Facebook app the tests configure (test/setup/per-file-env.ts sets FACEBOOK_APP_ID / FACEBOOK_APP_SECRET). */
export const fakeFacebookApp = { id: '1000000000001', secret: 'fake-facebook-app-secret' } as const;

export interface FakeGraph {
  /** Base URL to put in FACEBOOK_GRAPH_URL. */
  url: string;
  /** Makes `token` valid for `user`, issued to `appId` (default: the app the tests configure). */
  addToken(token: string, user: FakeFacebookUser, appId?: string): void;
  /** Requests received (path + query), for assertions. */
  requests: URL[];
  close(): Promise<void>;
}

const oauthError = JSON.stringify({ error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } });

/**
 * A stand-in for the Graph API on 127.0.0.1 (random port): `GET /debug_token`
 * (with the configured app's token) and `GET /me`. Known tokens answer their
 * user and app, anything else what Facebook sends for an invalid token.
 */
export async function startFakeGraph(): Promise<FakeGraph> {
  const tokens = new Map<string, { user: FakeFacebookUser; appId: string }>();
  const requests: URL[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    response.setHeader('content-type', 'application/json');
    if (request.method === 'GET' && url.pathname === '/debug_token') {
      if (url.searchParams.get('access_token') !== `${fakeFacebookApp.id}|${fakeFacebookApp.secret}`) {
        response.statusCode = 400;
        response.end(oauthError);
        return;
      }
      const issued = tokens.get(url.searchParams.get('input_token') ?? '');
      const data = issued
        ? { app_id: issued.appId, type: 'USER', is_valid: true, user_id: issued.user.id, scopes: ['email', 'public_profile'] }
        : { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' } };
      response.end(JSON.stringify({ data }));
      return;
    }
    const user = tokens.get(url.searchParams.get('access_token') ?? '')?.user;
    if (request.method !== 'GET' || url.pathname !== '/me' || !user) {
      response.statusCode = 400;
      response.end(oauthError);
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
    addToken: (token, user, appId = fakeFacebookApp.id) => tokens.set(token, { user, appId }),
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
