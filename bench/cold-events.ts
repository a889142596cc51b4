import type { APIGatewayProxyEvent } from 'aws-lambda';
import { expectStatus, prepareRequest, type BenchRequest } from './lib/invoke.js';
import { createApp, login, register, setStatus, statusPath, uniqueHostname, type Account, type World } from './lib/fixtures.js';
import type { FakeDns } from '../test/support/fake-dns.js';
import { hashResetToken, newResetToken } from '../lib/account/reset-token.js';
import { transact } from '../lib/db/operations.js';
import { putResetPointer, putResetToken } from '../lib/entities/password-reset.js';
import { readEventPage } from '../lib/entities/event.js';

/**
 * One representative, successful request per function for its cold start,
 * against the bench world in DynamoDB Local. Functions that change data get
 * fresh data for every run (made untimed, in-process, through the contract).
 */
type EventFactory = (run: number) => Promise<BenchRequest>;

export async function coldEventFactories(world: World, dns: FakeDns): Promise<Record<string, EventFactory>> {
  const { owner, app, reader, renewer } = world;
  const admin = owner.admin.headers;
  const developerApp = `/api/developer/applications/${app.appId}`;
  const hostHeader = { 'x-spaaza-myprice-app-hostname': app.hostname };

  // A second app of the owner is where variants and secrets are created and deleted,
  // so the bench app keeps exactly the data the warm scenarios expect.
  const scratchApp = await createApp(owner.admin, 'Bench Scratch App');
  const scratchPath = `/api/developer/applications/${scratchApp.appId}`;
  const createVariant = async (name: string) => {
    const response = await expectStatus({ method: 'POST', path: `${scratchPath}/licenses/variants`, headers: admin, body: { name } }, 201, 'create variant');
    return String(response.json.variant.variantId);
  };
  const updatableVariant = await createVariant('Updatable');

  // A member whose connection is deleted (and reactivated by logging in again) each run.
  const leaver: Account = await register('leaver');
  await login(leaver, scratchApp.hostname);
  // Logging in ends the previous admin session, so logout runs use an account of their own.
  const quitter: Account = await register('quitter');

  // License codes: a variant of the scratch app holds them; a member of it redeems a fresh one each run.
  const codeVariant = await createVariant('Codes');
  const codesPath = `${scratchPath}/licenses/codes`;
  const generateCodes = async (count: number) => {
    const response = await expectStatus({ method: 'POST', path: codesPath, headers: admin, body: { variantId: codeVariant, count } }, 201, 'generate codes');
    return (response.json.codes as { code: string }[]).map((entry) => entry.code);
  };
  await generateCodes(20);
  const redeemer = await register('redeemer');
  const redeemerSession = await login(redeemer, scratchApp.hostname);

  // Webhooks: endpoints on the scratch app to a loopback receiver nobody answers (deliveries
  // fail and retry later, off the timed path); the bench app's first event for replay.
  const hooksPath = `${scratchPath}/webhooks`;
  const createEndpoint = async () => {
    const response = await expectStatus({ method: 'POST', path: hooksPath, headers: admin, body: { url: 'http://127.0.0.1:9/signet-bench', eventTypes: ['*'] } }, 201, 'create webhook');
    return `${hooksPath}/${String(response.json.webhook.endpointId)}`;
  };
  const endpointPath = await createEndpoint();
  const [firstEvent] = (await readEventPage(app.appId, '', '~', 1)).events;
  if (!firstEvent) throw new Error('the bench world has no event to replay');

  return {
    health: async () => ({ method: 'GET', path: '/health' }),
    'route-fallback': async () => ({ method: 'GET', path: '/no-such-route' }),
    'auth-add-user': async (run) => ({ method: 'POST', path: '/auth/add-user', body: { username: `cold-${run}-${Date.now()}@bench.example.com`, password: reader.password } }),
    'auth-login': async () => ({ method: 'POST', path: '/auth/login', headers: hostHeader, body: { username: renewer.username, password: renewer.password } }),
    'auth-get-login-status': async () => ({
      method: 'POST',
      path: '/auth/get-login-status',
      headers: hostHeader,
      body: { user_id: reader.userId, session_key: reader.session.sessionKey },
    }),
    'auth-logout': async () => {
      const session = await login(quitter);
      return { method: 'DELETE', path: '/auth/logout', headers: session.headers };
    },
    // Account lifecycle: a fresh account per run wherever the request changes or ends it.
    'auth-request-password-reset': async () => ({ method: 'POST', path: '/auth/request-password-reset', body: { username: renewer.username } }),
    'auth-reset-password': async () => {
      const account = await register('resetter');
      const token = newResetToken();
      const expiresAt = new Date(Date.now() + 600_000).toISOString();
      await transact([putResetToken(hashResetToken(token), account.userId, expiresAt), putResetPointer(account.userId, hashResetToken(token), expiresAt)]);
      return { method: 'POST', path: '/auth/reset-password', body: { token, password: account.password } };
    },
    'auth-change-password': async () => {
      const account = await register('changer');
      const session = await login(account);
      return { method: 'POST', path: '/auth/change-password', headers: session.headers, body: { current_password: account.password, new_password: account.password } };
    },
    'auth-alter-user': async (run) => ({ method: 'PUT', path: '/auth/alter-user', headers: owner.admin.headers, body: { last_name: `Bench ${run}` } }),
    'auth-delete-user': async () => {
      const account = await register('deleter');
      const session = await login(account);
      return { method: 'DELETE', path: '/auth/delete-user', headers: session.headers, body: { password: account.password } };
    },
    'developer-update-application': async (run) => ({ method: 'PATCH', path: scratchPath, headers: admin, body: { name: `Bench Scratch App ${run}` } }),
    'developer-create-application': async (run) => ({
      method: 'POST',
      path: '/api/developer/applications',
      headers: admin,
      body: { name: `Cold ${run}`, hostnames: [uniqueHostname('cold')] },
    }),
    'developer-list-applications': async () => ({ method: 'GET', path: '/api/developer/applications', headers: admin }),
    'developer-get-application': async () => ({ method: 'GET', path: developerApp, headers: admin }),
    'developer-delete-application': async (run) => {
      const doomed = await createApp(owner.admin, `Doomed ${run}`);
      return { method: 'DELETE', path: `/api/developer/applications/${doomed.appId}`, headers: admin };
    },
    // An outside hostname (not a reserved name) stays pending until its TXT challenge is published:
    // the bench's fake DNS server publishes it, so the cold request takes the full verify path.
    'developer-verify-hostname': async (run) => {
      const hostname = `verify-${run}-${Date.now()}.signet-bench.net`;
      const created = await expectStatus(
        { method: 'POST', path: '/api/developer/applications', headers: admin, body: { name: `Verify ${run}`, hostnames: [hostname] } },
        201,
        'create application to verify',
      );
      const { appId, hostnameStatus } = created.json.application;
      dns.publishTxt(hostnameStatus[0].record.name, hostnameStatus[0].record.value);
      return { method: 'POST', path: `/api/developer/applications/${appId}/hostnames/${hostname}/verify`, headers: admin };
    },
    // Invitations grant the developer role; inviting the same account again is the same 201.
    'developer-invite': async () => ({ method: 'POST', path: '/api/developer/invitations', headers: admin, body: { username: reader.username } }),
    'developer-create-client-secret': async () => ({ method: 'POST', path: `${scratchPath}/client-secrets`, headers: admin }),
    'developer-delete-client-secret': async () => {
      const response = await expectStatus({ method: 'POST', path: `${scratchPath}/client-secrets`, headers: admin }, 201, 'create client secret');
      return { method: 'DELETE', path: `${scratchPath}/client-secrets/${response.json.secretId}`, headers: admin };
    },
    'developer-list-variants': async () => ({ method: 'GET', path: `${developerApp}/licenses/variants`, headers: admin }),
    'developer-create-variant': async (run) => ({ method: 'POST', path: `${scratchPath}/licenses/variants`, headers: admin, body: { name: `Cold ${run} ${Date.now()}` } }),
    'developer-update-variant': async (run) => ({
      method: 'PATCH',
      path: `${scratchPath}/licenses/variants/${updatableVariant}`,
      headers: admin,
      body: { description: `run ${run}` },
    }),
    'developer-delete-variant': async (run) => {
      const variantId = await createVariant(`Doomed ${run} ${Date.now()}`);
      return { method: 'DELETE', path: `${scratchPath}/licenses/variants/${variantId}`, headers: admin };
    },
    'developer-list-license-codes': async () => ({ method: 'GET', path: codesPath, headers: admin }),
    'developer-generate-license-codes': async () => ({ method: 'POST', path: codesPath, headers: admin, body: { variantId: codeVariant, count: 10 } }),
    'developer-import-license-codes': async (run) => {
      const stamp = `${run}-${Date.now()}`;
      const csv = Array.from({ length: 10 }, (_, line) => `BENCH-${stamp}-${line}`).join('\n');
      return { method: 'POST', path: `${codesPath}/import`, query: { variantId: codeVariant }, headers: { ...admin, 'content-type': 'text/csv' }, body: csv };
    },
    'user-redeem-license': async () => {
      const [code] = await generateCodes(1);
      return { method: 'POST', path: '/api/user/licenses/redeem', headers: { ...redeemerSession.headers, 'x-spaaza-myprice-app-hostname': scratchApp.hostname }, body: { code } };
    },
    'developer-list-connected-users': async () => ({ method: 'GET', path: `${developerApp}/users`, headers: admin }),
    'developer-delete-connection': async () => {
      await login(leaver, scratchApp.hostname);
      const status = await expectStatus({ method: 'GET', path: statusPath(scratchApp, leaver.globalId), headers: scratchApp.basic }, 200, 'status read');
      return { method: 'DELETE', path: `${scratchPath}/users/${status.json.connectionId}`, headers: admin };
    },
    'developer-test-status-sync': async () => ({ method: 'POST', path: `${developerApp}/status-sync-api/test`, headers: admin }),
    'developer-test-current-logins': async () => ({ method: 'POST', path: `${developerApp}/current-logins-sync-api/test`, headers: admin }),
    'app-update-user-status': async (run) => ({
      method: 'PATCH',
      path: statusPath(app, renewer.globalId),
      headers: app.basic,
      body: { status: 'PRO', duration: run % 2 === 0 ? 'YEAR' : 'LIFETIME' },
    }),
    'app-get-user-status': async () => ({ method: 'GET', path: statusPath(app, renewer.globalId), headers: app.basic }),
    'app-list-users': async () => ({ method: 'GET', path: `/api/applications/${app.appId}/users`, headers: app.basic }),
    'app-list-events': async () => ({ method: 'GET', path: `/api/applications/${app.appId}/events`, headers: app.basic }),
    'developer-create-webhook': async () => ({ method: 'POST', path: hooksPath, headers: admin, body: { url: 'http://127.0.0.1:9/signet-bench', eventTypes: ['*'] } }),
    'developer-list-webhooks': async () => ({ method: 'GET', path: hooksPath, headers: admin }),
    'developer-get-webhook': async () => ({ method: 'GET', path: endpointPath, headers: admin }),
    'developer-update-webhook': async (run) => ({ method: 'PATCH', path: endpointPath, headers: admin, body: { enabled: run % 2 === 0 } }),
    'developer-delete-webhook': async () => ({ method: 'DELETE', path: await createEndpoint(), headers: admin }),
    'developer-rotate-webhook-secret': async () => ({ method: 'POST', path: `${endpointPath}/rotate-secret`, headers: admin }),
    'developer-test-webhook': async () => ({ method: 'POST', path: `${endpointPath}/test`, headers: admin }),
    'developer-list-webhook-deliveries': async () => ({ method: 'GET', path: `${endpointPath}/deliveries`, headers: admin }),
    'developer-recover-webhook': async () => ({ method: 'POST', path: `${endpointPath}/recover`, headers: admin, body: { since: new Date(Date.now() - 3_600_000).toISOString() } }),
    'developer-replay-event': async () => ({ method: 'POST', path: `${developerApp}/events/${firstEvent.eventId}/replay`, headers: admin }),
  };
}

/** The event a factory's request becomes (the same event the warm scenarios send). */
export async function coldEvent(factory: EventFactory, run: number): Promise<APIGatewayProxyEvent> {
  return prepareRequest(await factory(run)).event;
}

/** Keeps the status of the renewer a reusable PRO between runs (a cold PATCH may change its duration only). */
export async function resetAfterColdStarts(world: World): Promise<void> {
  await setStatus(world.app, world.renewer.globalId, { status: 'PRO' });
}
