import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { authenticateAdmin } from '../lib/auth/admin-session.js';
import { tableName } from '../lib/db/table-name.js';
import { db } from '../lib/db/client.js';
import { keys } from '../lib/entities/keys.js';
import { SignetError } from '../lib/errors.js';
import type { HttpRequest } from '../lib/http/request.js';
import { createAdminSession, loginUser, registerUser, seedApplication } from './support/accounts.js';

function request(headers: Record<string, string> = {}, cookies: Record<string, string> = {}): HttpRequest {
  return { method: 'GET', path: '/api/developer/applications', headers, query: {}, pathParameters: {}, body: {}, cookies, requestId: 't', sourceIp: '127.0.0.1' };
}

async function expectUnauthorized(promise: Promise<unknown>) {
  await expect(promise).rejects.toBeInstanceOf(SignetError);
  await expect(promise).rejects.toMatchObject({ kind: 'unauthorized' });
}

describe('authenticateAdmin', () => {
  it('accepts an admin session by its headers', async () => {
    const admin = await createAdminSession();
    expect(admin.headers).toEqual({ 'x-spaaza-session-user-id': String(admin.userId), 'x-spaaza-session-key': admin.sessionKey });
    await expect(authenticateAdmin(request(admin.headers))).resolves.toEqual({ userId: admin.userId, globalId: admin.globalId });
  });

  it('accepts the admin cookie set by login', async () => {
    const user = await registerUser();
    const session = await loginUser(user);
    const value = /^signet_session=([^;]+)/.exec(session.cookie ?? '')?.[1] ?? '';
    await expect(authenticateAdmin(request({}, { signet_session: value }))).resolves.toEqual({ userId: user.userId, globalId: user.globalId });
  });

  it('refuses a member session', async () => {
    const app = await seedApplication();
    const user = await registerUser();
    const member = await loginUser({ ...user, hostname: app.hostname });
    await expectUnauthorized(authenticateAdmin(request(member.headers)));
  });

  it('refuses missing, partial, malformed and wrong credentials', async () => {
    const admin = await createAdminSession();
    await expectUnauthorized(authenticateAdmin(request()));
    await expectUnauthorized(authenticateAdmin(request({ 'x-spaaza-session-user-id': String(admin.userId) })));
    await expectUnauthorized(authenticateAdmin(request({ 'x-spaaza-session-user-id': 'x', 'x-spaaza-session-key': admin.sessionKey })));
    await expectUnauthorized(authenticateAdmin(request({ 'x-spaaza-session-user-id': String(admin.userId), 'x-spaaza-session-key': 'f'.repeat(64) })));
    await expectUnauthorized(authenticateAdmin(request({}, { signet_session: 'garbage' })));
    await expectUnauthorized(authenticateAdmin(request({}, { signet_session: `${admin.userId}.${'0'.repeat(64)}` })));
  });

  it('refuses an expired and a logged-out session', async () => {
    const admin = await createAdminSession();
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.session(admin.userId, createHash('sha256').update(admin.sessionKey).digest('hex')),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1).toISOString() },
      }),
    );
    await expectUnauthorized(authenticateAdmin(request(admin.headers)));

    const other = await createAdminSession();
    const { api } = await import('./support/api.js');
    expect((await api('DELETE', '/auth/logout', { headers: other.headers })).status).toBe(200);
    await expectUnauthorized(authenticateAdmin(request(other.headers)));
  });
});
