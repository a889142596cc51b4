import { createAdminSession, loginUser, registerUser } from './support/accounts.js';
import { api } from './support/api.js';
import { createApplication } from './support/applications.js';
import { dynamoCallRecorder } from './support/dynamo-calls.js';

/** DynamoDB calls and sequential waves of a redemption (docs/performance.md). Counts, never timings. */
const record = dynamoCallRecorder();

async function setUp() {
  const admin = await createAdminSession();
  const app = await createApplication(admin.headers);
  const base = `/api/developer/applications/${app.appId}/licenses`;
  const variant = await api('POST', `${base}/variants`, { headers: admin.headers, body: { name: 'Month', defaultDuration: 'MONTH' } });
  expect(variant.status).toBe(201);
  const generated = await api('POST', `${base}/codes`, { headers: admin.headers, body: { variantId: variant.json.variant.variantId, count: 4 } });
  expect(generated.status).toBe(201);
  const codes: string[] = generated.json.codes.map((entry: { code: string }) => entry.code);
  const newMember = async () => {
    const user = await registerUser();
    const session = await loginUser({ username: user.username, password: user.password, hostname: app.hostname });
    return { ...session.headers, 'x-spaaza-myprice-app-hostname': app.hostname };
  };
  return { codes, newMember };
}

const redeem = (headers: Record<string, string>, code: string) => api('POST', '/api/user/licenses/redeem', { headers, body: { code } });

describe('redeem round trips', () => {
  it('warm: three waves (session + hostname claim + code ∥ the two reservations, connection + variant, one transaction that gives them back)', async () => {
    const reserve = ['UpdateItemCommand', 'UpdateItemCommand']; // (user, IP) and the IP over all accounts, in parallel with the first read
    const { codes, newMember } = await setUp();
    const [first = '', second = ''] = codes;
    // The container's first redemption at this hostname cannot name the code's key yet (it needs the appId): four waves.
    const firstMember = await newMember();
    const cold = await record(async () => expect((await redeem(firstMember, first)).status).toBe(200));
    expect(cold).toEqual(['BatchGetItemCommand', ...reserve, 'BatchGetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
    expect(record.waves()).toBe(4);
    const member = await newMember();
    const calls = await record(async () => expect((await redeem(member, second)).status).toBe(200));
    expect(calls).toEqual(['BatchGetItemCommand', ...reserve, 'BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expect(record.waves()).toBe(3);
  });

  it('a used code: the reservations are kept, nothing more is read; a bad session: 401 and the reservations back', async () => {
    const reserve = ['UpdateItemCommand', 'UpdateItemCommand'];
    const { codes, newMember } = await setUp();
    const [code = ''] = codes;
    const member = await newMember();
    expect((await redeem(member, code)).status).toBe(200);
    const used = await record(async () => expect((await redeem(member, code)).status).toBe(409));
    expect(used).toEqual(['BatchGetItemCommand', ...reserve]);
    expect(record.waves()).toBe(1);
    const forged = { ...member, 'x-spaaza-session-key': 'b'.repeat(64) };
    const refused = await record(async () => expect((await redeem(forged, code)).status).toBe(401));
    expect(refused).toEqual(['BatchGetItemCommand', ...reserve, ...reserve]);
    expect(record.waves()).toBe(2);
  });
});
