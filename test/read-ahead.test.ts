import { randomBytes } from 'node:crypto';
import { batchGet, startReadAhead } from '../lib/db/operations.js';
import { keys } from '../lib/entities/keys.js';
import { runWithRequestContext, type RequestContext } from '../lib/request-context.js';
import { api } from './support/api.js';
import { loginUser, registerUser, seedApplication, type RegisteredUser } from './support/accounts.js';
import { dynamoCallRecorder } from './support/dynamo-calls.js';

/**
 * get-login-status's read-ahead (lib/db/read-ahead.ts, docs/performance.md, Read-ahead):
 * the handler factory starts the use case's first read before the body is validated, and
 * the use case takes it. Counts and answers, never timings.
 */
const count = dynamoCallRecorder();
const path = '/auth/get-login-status';

let app: { appId: string; hostname: string };
let user: RegisteredUser;
let member: { sessionKey: string };
const hostHeader = () => ({ 'x-spaaza-myprice-app-hostname': app.hostname });

beforeAll(async () => {
  app = await seedApplication();
  user = await registerUser();
  member = await loginUser({ ...user, hostname: app.hostname });
});

const inRequest = <T>(work: () => Promise<T>): Promise<T> => {
  const context: RequestContext = { deadlineAt: performance.now() + 10_000, signal: new AbortController().signal, writeSent: false, answered: false };
  return runWithRequestContext(context, work);
};

describe('lib/db read-ahead', () => {
  const someKeys = () => [keys.user(900_000_000 + Number.parseInt(randomBytes(3).toString('hex'), 16)), keys.usernameClaim(`nobody-${randomBytes(4).toString('hex')}@example.com`)];

  it('hands the started read to a batchGet of the same keys, in any order, once', async () => {
    const [first, second] = someKeys();
    const calls = await count(() =>
      inRequest(async () => {
        startReadAhead([first, undefined, second]);
        await batchGet([second, first]); // taken
        await batchGet([first, second]); // read again
      }),
    );
    expect(calls).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
  });

  it('reads other keys as usual, and leaves the read-ahead for its own keys', async () => {
    const [first, second] = someKeys();
    const calls = await count(() =>
      inRequest(async () => {
        startReadAhead([first, second]);
        await batchGet([first]); // not the same set: its own read
        await batchGet([first, second]); // taken
      }),
    );
    expect(calls).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
  });

  it('starts nothing outside a request or for no keys', async () => {
    const [first] = someKeys();
    expect(await count(async () => startReadAhead([first]))).toEqual([]);
    expect(await count(() => inRequest(async () => startReadAhead([undefined])))).toEqual([]);
  });
});

describe('get-login-status reads ahead', () => {
  it('takes its read-ahead for a JSON body, a form, the query string and padded values: one BatchGetItem each', async () => {
    const requests = [
      { headers: hostHeader(), body: { user_id: user.userId, session_key: member.sessionKey } },
      { headers: hostHeader(), body: { user_id: String(user.userId), session_key: member.sessionKey }, form: true },
      { headers: hostHeader(), query: { user_id: String(user.userId), session_key: member.sessionKey } },
      { headers: hostHeader(), body: { user_id: ` ${user.userId} `, session_key: ` ${member.sessionKey} ` } },
    ];
    for (const request of requests) {
      let status = 0;
      expect(await count(async () => (status = (await api('POST', path, request)).status))).toEqual(['BatchGetItemCommand']);
      expect(status).toBe(200);
    }
  });

  it('by username, reads the first of its two reads ahead', async () => {
    let status = 0;
    const calls = await count(async () => (status = (await api('POST', path, { headers: hostHeader(), body: { username: user.username, session_key: member.sessionKey } })).status));
    expect(calls).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(status).toBe(200);
    expect(count.waves()).toBe(2);
  });

  it('answers what validation says, whatever the read found: a 400 reveals nothing of the user', async () => {
    // user_id and the session key are valid, so the read is already under way when the username fails validation.
    let answer: Awaited<ReturnType<typeof api>> | undefined;
    const calls = await count(async () => (answer = await api('POST', path, { headers: hostHeader(), body: { user_id: user.userId, session_key: member.sessionKey, username: 'x'.repeat(300) } })));
    expect(calls).toEqual(['BatchGetItemCommand']);
    expect(answer?.status).toBe(400);
    expect(JSON.stringify(answer?.json)).not.toContain(user.username);
    expect(JSON.stringify(answer?.json)).not.toContain(String(user.userId));
  });

  it('plans no read for a session key that cannot be one, as the use case makes none', async () => {
    expect(await count(() => api('POST', path, { headers: hostHeader(), body: { user_id: user.userId, session_key: 'not-a-key' } }))).toEqual([]);
  });
});
