import { api } from './support/api.js';
import { createAdminSession, registerUser } from './support/accounts.js';

/** Runs one request with logs on and returns the metric names its EMF line carried. */
async function metricsOf(send: () => Promise<unknown>): Promise<string[]> {
  const chunks: string[] = [];
  const stdoutWrite = process.stdout.write;
  process.env.SIGNET_SILENT_LOGS = 'false';
  process.stdout.write = ((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    await send();
  } finally {
    process.stdout.write = stdoutWrite;
    process.env.SIGNET_SILENT_LOGS = 'true';
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .flatMap((line) => (JSON.parse(line)._aws.CloudWatchMetrics as Array<{ Metrics: Array<{ Name: string }> }>).flatMap((set) => set.Metrics.map((metric) => metric.Name)));
}

describe('business metrics', () => {
  it('counts logins, failed logins and session checks', async () => {
    const user = await registerUser();
    expect(await metricsOf(() => api('POST', '/auth/login', { body: { username: user.username, password: user.password } }))).toEqual(['Logins']);
    expect(await metricsOf(() => api('POST', '/auth/login', { body: { username: user.username, password: 'wrong-password' } }))).toEqual(['FailedLogins']);
    const admin = await createAdminSession();
    expect(
      await metricsOf(() => api('POST', '/auth/get-login-status', { body: { user_id: admin.userId, session_key: admin.sessionKey } })),
    ).toEqual(['SessionChecks']);
  });
});
