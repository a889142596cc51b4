/**
 * How much the benchmark measures. `npm run bench` is the full run (about eleven
 * minutes, most of it cold starts, login's deliberate KDF and the throughput load);
 * `npm run bench:quick` (or BENCH_QUICK=1) is for development: same scenarios, fewer
 * iterations, shorter load.
 *
 * 1000 timed calls per warm route (6–53 s a route with their bare work and set-up): with
 * 200, a route's overhead ratio moved by up to 0.16 between two runs on this machine (with
 * 40, the quick run's, by more). Each side's median is a sample and their ratio carries both
 * errors; 1000 calls halve that sampling error.
 */
export interface BenchSettings {
  quick: boolean;
  /** Untimed calls before an endpoint is measured (JIT, connection pool, caches). */
  warmup: number;
  /** Timed calls per endpoint (and as many of its bare DynamoDB operations). */
  iterations: number;
  /** Timed calls for login, whose scrypt cost (N=2^17: ~0.4 s on a quiet core) is deliberate; it needs little warm-up. */
  loginIterations: number;
  loginWarmup: number;
  /** Fresh processes per bundle for the cold-init median. */
  coldRuns: number;
  /** Connections of the app whose current-logins page is read. */
  connectedUsers: number;
  /** Seconds of autocannon load per target (health, get-login-status). */
  loadSeconds: number;
  loadConnections: number;
}

export function benchSettings(): BenchSettings {
  const quick = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
  return quick
    ? { quick, warmup: 10, iterations: 40, loginIterations: 10, loginWarmup: 2, coldRuns: 3, connectedUsers: 10, loadSeconds: 2, loadConnections: 10 }
    : { quick, warmup: 100, iterations: 1000, loginIterations: 100, loginWarmup: 5, coldRuns: 5, connectedUsers: 100, loadSeconds: 5, loadConnections: 10 };
}
