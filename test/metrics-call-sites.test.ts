import { api } from './support/api.js';
import { createAdminSession, registerUser } from './support/accounts.js';
import { captureOutput } from './support/capture-output.js';

/** Runs one request with logs on and returns the metric names its EMF line carried. */
async function metricsOf(send: () => Promise<unknown>): Promise<string[]> {
  const { output } = await captureOutput(send);
  return output
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
