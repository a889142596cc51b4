import * as z from 'zod/mini';
import { containerScoped } from './container-state.js';

/**
 * Configuration, parsed once per container from the environment. A bad value
 * fails at cold start with a message naming the variable, not at first use.
 */
const intBetween = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);
const positiveInt = (fallback: number) => intBetween(1, Number.MAX_SAFE_INTEGER, fallback);
const optionalText = z.optional(z.string().check(z.minLength(1)));

const schema = z.object({
  TABLE_NAME: optionalText,
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  SESSION_TTL_HOURS: positiveInt(336),
  /** Login throttling (docs/security.md, Throttling, docs/security.md): failures per (username, source IP) per window. */
  LOGIN_FAILURE_LIMIT: positiveInt(5),
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt(900),
  /** Failed logins per source IP over all usernames per window (credential stuffing). */
  LOGIN_IP_FAILURE_LIMIT: positiveInt(100),
  LOGIN_IP_FAILURE_WINDOW_SECONDS: positiveInt(3600),
  /**
   * Who may open a developer (admin) session (issue 21): `open`, every account (npm start
   * and the tests set it); `closed` (the default, and the deployed stacks'), only accounts
   * with the developer role (`signet create-admin`, or an existing developer's invitation).
   */
  DEVELOPER_SIGNUP: z._default(z.enum(['open', 'closed']), 'closed'),
  /** Failed license-code redemptions per source IP over all accounts (issue 21). */
  REDEEM_IP_FAILURE_LIMIT: positiveInt(20),
  REDEEM_IP_FAILURE_WINDOW_SECONDS: positiveInt(3600),
  // Failed session checks by username per source IP (issue 21, enumeration): past it, 429 before any read of the user
  SESSION_CHECK_IP_FAILURE_LIMIT: positiveInt(100),
  SESSION_CHECK_IP_FAILURE_WINDOW_SECONDS: positiveInt(900),
  CREDENTIAL_CACHE_TTL_SECONDS: intBetween(0, 300, 30),
  /** Basic-auth failures (invalid_client) per (appId, source IP) per window, counted in the table. */
  APP_AUTH_FAILURE_LIMIT: positiveInt(20),
  APP_AUTH_FAILURE_WINDOW_SECONDS: positiveInt(60),
  MAX_BODY_BYTES: positiveInt(32 * 1024),
  /**
   * Password hashing cost (lib/users/password.ts): `owasp` (N=2^17) everywhere; `test` (N=2^12)
   * only for the test suite's thousands of users, refused inside a Lambda function.
   */
  PASSWORD_HASH_COST: z._default(z.enum(['owasp', 'test']), 'owasp'),
  /**
   * HMAC key of stored client secrets, read through lib/secrets/pepper.ts; required wherever secrets
   * are made or checked. Either the value (`npm start`, tests, `sam local`) or, deployed, the ARN of
   * the Secrets Manager secret holding it (read with the SDK, cached CLIENT_SECRET_PEPPER_CACHE_SECONDS).
   * The value wins when both are set.
   */
  CLIENT_SECRET_PEPPER: z.optional(z.string().check(z.minLength(32))),
  CLIENT_SECRET_PEPPER_SECRET_ARN: optionalText,
  CLIENT_SECRET_PEPPER_CACHE_SECONDS: intBetween(0, 3600, 300),
  /** Another Secrets Manager endpoint (a local stand-in in tests); unset: the region's. */
  /**
   * The X-Origin-Verify value CloudFront adds (issue 21): only a request carrying it may
   * name its client in CloudFront-Viewer-Address. The value (npm start, tests) or, deployed,
   * the Secrets Manager secret's ARN. Neither: the socket's source IP is the client.
   */
  CLOUDFRONT_ORIGIN_SECRET: z.optional(z.string().check(z.minLength(32))),
  CLOUDFRONT_ORIGIN_SECRET_ARN: optionalText,
  SECRETS_MANAGER_ENDPOINT: z.optional(z.url()),
  PUBLIC_BASE_URL: z.optional(z.url()),
  /** Applications one developer may own (docs/security.md, Hostname ownership). */
  MAX_APPLICATIONS_PER_OWNER: positiveInt(20),
  /** DNS servers (`host:port`, comma-separated) that hostname verification asks; unset: the system resolver. */
  DNS_SERVERS: optionalText,
  FACEBOOK_GRAPH_URL: z._default(z.url(), 'https://graph.facebook.com'),
  /** Facebook login (docs/security.md): tokens must be issued to this app (debug_token); both are required for it. */
  FACEBOOK_APP_ID: z.optional(z.string().check(z.regex(/^\d{1,32}$/, 'must be the numeric Facebook app id'))),
  FACEBOOK_APP_SECRET: z.optional(z.string().check(z.minLength(16))),
  /** Deployed: the Secrets Manager secret (name or ARN) holding the Facebook app secret, read through lib/secrets (never in the function's configuration). */
  FACEBOOK_APP_SECRET_ID: optionalText,
  ALIAS_EMAIL_DOMAIN: optionalText,
  /** Account lifecycle (docs/api.md, account lifecycle): the sender of Signet's mails (SES v2 SendEmail), and where they go. */
  MAIL_FROM: z._default(z.email(), 'no-reply@signet.localhost'),
  /** Another SES v2 endpoint (like DYNAMODB_ENDPOINT); `npm start` sets it to its local SES. Unset when deployed. */
  SES_ENDPOINT: z.optional(z.url()),
  /** The developer portal's origin, where admin (and app-less) reset mails link; unset: PUBLIC_BASE_URL (npm start serves the portal there). */
  PORTAL_URL: z.optional(z.url()),
  /** How long a password-reset link works. */
  PASSWORD_RESET_TTL_SECONDS: intBetween(60, 86400, 1800),
  /** Webhooks (docs/webhooks.md): plain http to loopback for `npm start` and the tests only; the deployed stacks never set it. */
  WEBHOOK_ALLOW_LOOPBACK: z._default(z.enum(['true', 'false']), 'false'),
  /** The sender's SQS queue (deployed fan-out and sender); unset locally, where an in-process queue runs on the clock. */
  WEBHOOK_QUEUE_URL: z.optional(z.url()),
  /** Read by lib/logger.ts (Powertools Logger); declared here so a bad value fails the cold start. */
  LOG_LEVEL: z._default(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']), 'INFO'),
  /** dev | prod when deployed; a metric dimension (lib/observability/metrics.ts). */
  SIGNET_STAGE: z._default(z.string().check(z.minLength(1)), 'local'),
  /** Business metrics (lib/observability/metrics.ts): `emf` lines on stdout as deployed, or `off` (`npm start`'s default). */
  METRICS: z._default(z.enum(['emf', 'off']), 'emf'),
  /** `npm start` only: the port, and its log format (`pretty` lines, or `json` as deployed; default: pretty on a terminal). */
  PORT: positiveInt(3000),
  LOG_FORMAT: z.optional(z.enum(['json', 'pretty'])),
  /**
   * Writers of one item in one process take turns (lib/db/optimistic.ts). `off` makes them race
   * as writers in separate Lambda containers do (the concurrency tests).
   */
  WRITER_TURNS: z._default(z.enum(['in-process', 'off']), 'in-process'),
});

export type Config = z.infer<typeof schema>;

/** Every variable config() reads (infra declares them on each function; test/sam-local.test.ts checks them). */
export const configKeys = Object.keys(schema.shape) as Array<keyof Config>;

/** True when the variable may be left unset: it is optional or has a default. */
export function configKeyMayBeUnset(key: keyof Config): boolean {
  return z.safeParse(schema.shape[key], undefined).success;
}

/** The default of a variable, as its environment string; undefined when it has none. */
export function configDefault(key: keyof Config): string | undefined {
  const parsed = z.safeParse(schema.shape[key], undefined);
  return parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined;
}

/**
 * An empty variable counts as unset: the Lambda template declares every variable
 * (so `sam local --env-vars` may set it) and leaves the local-only ones empty.
 */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') values[key] = value;
  return values;
}

export function config(): Config {
  return containerScoped('config', parseConfig);
}

function parseConfig(): Config {
  const parsed = z.safeParse(schema, withoutEmptyValues(process.env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  // The Lambda runtime names its function: no deployed or `sam local` function may hash cheaply.
  if (parsed.data.PASSWORD_HASH_COST === 'test' && process.env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('Invalid configuration: PASSWORD_HASH_COST=test is for the test suite; a Lambda function hashes at the OWASP cost');
  }
  return parsed.data;
}

/**
 * The public development value of CLIENT_SECRET_PEPPER. Never a fallback: `npm start`,
 * the local scripts and the test setup set it explicitly (docs/security.md). Changing the
 * pepper invalidates every stored client secret.
 */
export const localClientSecretPepper = 'signet-local-client-secret-pepper-not-for-production';
