import type { MiddlewareStack } from '@smithy/types';
import { randomBytes } from 'node:crypto';
import { db } from '../lib/db/client.js';
import { get } from '../lib/db/operations.js';
import { keys } from '../lib/entities/keys.js';
import { createAdminSession, loginUser, registerUser, type AdminSession } from './support/accounts.js';
import { api, type ApiResult } from './support/api.js';
import { createApplication, uniqueHostname } from './support/applications.js';
import { countConnections } from './support/connection-count.js';

/**
 * A member login reads the app's hostname claim, then commits its session and the
 * connection in one transaction. An application deleted between the two (the DELETE
 * releases the claim) must not get a connection: the login transaction checks that the
 * application item still exists, and the login answers as one at an unknown hostname.
 * Deterministic: a middleware on the real client runs the deletion right before the
 * login's TransactWriteItems is sent (no sleeps, the real DynamoDB Local).
 */

let admin: AdminSession;

beforeAll(async () => {
  admin = await createAdminSession();
});

/** Runs `beforeTransaction` once, right before the next TransactWriteItems goes out. */
function onNextTransaction(beforeTransaction: () => Promise<void>): void {
  let armed = true;
  const name = `deleteBeforeLogin-${randomBytes(4).toString('hex')}`;
  const stack = db.middlewareStack as unknown as MiddlewareStack<object, object>;
  stack.add(
    (next, context) => async (args) => {
      if (armed && (context as { commandName?: string }).commandName === 'TransactWriteItemsCommand') {
        armed = false;
        stack.remove(name);
        await beforeTransaction();
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
}

const login = (username: string, password: string, hostname: string): Promise<ApiResult> =>
  api('POST', '/auth/login', { headers: { 'x-spaaza-myprice-app-hostname': hostname }, body: { username, password } });

const deleteApp = async (appId: string) => {
  const deleted = await api('DELETE', `/api/developer/applications/${appId}`, { headers: admin.headers });
  expect(deleted.status).toBe(200);
};

describe('a member login racing the deletion of its application', () => {
  it('creates no connection and answers as a login at an unknown hostname', async () => {
    const app = await createApplication(admin.headers, { hostnames: [uniqueHostname('race')] });
    const user = await registerUser();
    const unknownHost = await login(user.username, user.password, uniqueHostname('nobody'));

    onNextTransaction(() => deleteApp(app.appId));
    const raced = await login(user.username, user.password, app.hostname);

    expect({ status: raced.status, json: raced.json }).toEqual({ status: unknownHost.status, json: unknownHost.json });
    expect(await get(keys.connection(app.appId, user.globalId))).toBeUndefined();
    expect(await countConnections(app.appId)).toBe(0);
  });

  it('does not reactivate the connection of a deleted app either', async () => {
    const app = await createApplication(admin.headers, { hostnames: [uniqueHostname('race')] });
    const user = await registerUser();
    await loginUser({ ...user, hostname: app.hostname });
    const before = await get(keys.connection(app.appId, user.globalId));

    onNextTransaction(() => deleteApp(app.appId));
    const raced = await login(user.username, user.password, app.hostname);

    expect(raced.status).toBe(400);
    expect(await get(keys.connection(app.appId, user.globalId))).toEqual(before);
  });
});
