import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export type StageName = 'dev' | 'prod';

/** When an alarm fires (docs/operations.md says what to do about each). */
export interface AlarmThresholds {
  /** Share of API requests answered 5xx over 5 minutes (0.01 = 1 %). */
  serverErrorRate: number;
  /** p99 of API Gateway latency over 5 minutes, in milliseconds, for 3 periods in a row. */
  p99LatencyMs: number;
  /** Lambda throttles of one function in 5 minutes. */
  functionThrottles: number;
  /** 429 answers (stage throttling and failure throttling) in 5 minutes. */
  throttledResponses: number;
  /** Failed license-code redemptions in five minutes over the whole stage: a guessing surge (issue 21). */
  failedRedeems: number;
  /** DynamoDB system errors (5xx from DynamoDB) in 5 minutes. */
  dynamoSystemErrors: number;
  /** DynamoDB throttled requests in 5 minutes. */
  dynamoThrottledRequests: number;
}

/** Per-IP request limits of the web application firewall (infra/waf.ts), per 5 minutes. */
export interface FirewallLimits {
  /** Requests to /auth/login and /auth/add-user from one IP address. */
  credentialRequestsPerIp: number;
  /** Requests from one IP address, counted separately for /auth and for /api (each limit is this). */
  requestsPerIp: number;
}

/** Everything that differs between stages, chosen by `cdk deploy -c stage=dev|prod`. */
export interface StageConfig {
  stage: StageName;
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  /** LOG_LEVEL of every function. */
  logLevel: 'DEBUG' | 'INFO';
  /** API Gateway stage throttling (steady requests per second and burst). */
  throttleRateLimit: number;
  throttleBurstLimit: number;
  firewall: FirewallLimits;
  /**
   * Reserved concurrency wanted by function name (the route table's `function`): a cap, so a
   * flood of one route cannot take the account's concurrency from the others, and a
   * guarantee, so it always has some. Applied only when `-c concurrencyQuota=N` states the
   * account's Lambda concurrent-executions quota and the reservations leave AWS's 100
   * unreserved: a young account's quota (often 10 to 400) refuses any reservation that
   * does not, and fails the deployment. Without the quota the stack reserves nothing and
   * `cdk synth` warns (docs/operations.md, "First deploy").
   */
  reservedConcurrency: Readonly<Record<string, number>>;
  /** `-c concurrencyQuota=1000`: the account's Lambda ConcurrentExecutions quota in the region (Service Quotas). */
  concurrencyQuota?: number;
  /**
   * `-c provisionedConcurrency=N`: N initialized environments each for the hot paths
   * (provisionedFunctions: get-login-status and the status PATCH), served through a `live`
   * alias, so their callers never meet a cold start. Off (0) by default: it is billed for
   * every hour it is configured, used or not (docs/performance.md, docs/costs.md).
   */
  provisionedConcurrency: number;
  /** API Gateway per-method detailed CloudWatch metrics (billed per metric); the dashboard and alarms need only the API-level ones. */
  detailedMetrics: boolean;
  alarms: AlarmThresholds;
  /** `-c publicBaseUrl=https://auth.example.com`: the URL integrators call (custom domain); default: the execute-api URL. */
  publicBaseUrl?: string;
  /** `-c certificateArn=...`: an ACM certificate (same region) for the publicBaseUrl host; the stack then maps the domain. */
  certificateArn?: string;
  /** `-c alarmEmail=ops@example.com`: subscribed to the alarm topic. */
  alarmEmail?: string;
  /** `-c alarmTopicArn=arn:aws:sns:...`: an existing SNS topic (paging, chat) the alarms notify too. */
  alarmTopicArn?: string;
  /**
   * `-c mailDomain=example.com`: the SES sending identity (a domain, verified by DKIM records) and
   * MAIL_FROM `no-reply@<mailDomain>`. Default: the publicBaseUrl's host, else a placeholder per stage.
   */
  mailDomain: string;
  /** `-c portalUrl=https://portal.example.com`: where admin password-reset mails link (PORTAL_URL). */
  portalUrl?: string;
  /**
   * `-c facebookAppId=<numeric id> -c facebookAppSecretName=<Secrets Manager name>`: Facebook
   * sign-in on (docs/operations.md); the login function gets both, the secret as a deploy-time reference.
   */
  facebook?: { appId: string; appSecretName: string };
  /**
   * `-c portalDomain=developers.example.com -c portalCertificateArn=<ACM in us-east-1>`: the
   * portal's CloudFront distribution answers on that name (CloudFront takes us-east-1 certificates only).
   */
  portalDomain?: { domainName: string; certificateArn: string };
}

/** AWS keeps this much of an account's concurrency unreserved (Lambda refuses reservations that would leave less). */
export const unreservedConcurrencyMinimum = 100;

type StageDefaults = Omit<StageConfig, 'publicBaseUrl' | 'certificateArn' | 'alarmEmail' | 'alarmTopicArn' | 'concurrencyQuota' | 'provisionedConcurrency' | 'mailDomain' | 'portalUrl' | 'facebook' | 'portalDomain'>;

/** The functions `-c provisionedConcurrency=N` keeps warm: the hot paths of app backends. */
export const provisionedFunctions: readonly string[] = ['auth-get-login-status', 'app-update-user-status'];

/** The provisioned concurrency of one function (0: none). */
export function provisionedConcurrencyOf(config: StageConfig, functionName: string): number {
  return provisionedFunctions.includes(functionName) ? config.provisionedConcurrency : 0;
}

function parseProvisionedConcurrency(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const count = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(count) || count < 0 || count > 100) throw new Error(`-c provisionedConcurrency must be an integer from 0 to 100, got "${String(value)}"`);
  return count;
}

const stages: Record<StageName, StageDefaults> = {
  dev: {
    stage: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    logLevel: 'DEBUG',
    throttleRateLimit: 50,
    throttleBurstLimit: 100,
    firewall: { credentialRequestsPerIp: 300, requestsPerIp: 3000 },
    reservedConcurrency: {},
    detailedMetrics: false,
    alarms: {
      serverErrorRate: 0.05,
      p99LatencyMs: 3000,
      functionThrottles: 5,
      throttledResponses: 200,
      failedRedeems: 200,
      dynamoSystemErrors: 5,
      dynamoThrottledRequests: 20,
    },
  },
  prod: {
    stage: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    logLevel: 'INFO',
    throttleRateLimit: 500,
    throttleBurstLimit: 1000,
    firewall: { credentialRequestsPerIp: 1000, requestsPerIp: 12_000 },
    // scrypt-heavy sign-in and sign-up, and the write-heavy status sync (its transactions
    // contend per user and retry): 50 + 20 + 100 = 170 of the account's 1000.
    reservedConcurrency: { 'auth-login': 50, 'auth-add-user': 20, 'app-update-user-status': 100 },
    detailedMetrics: false,
    alarms: {
      serverErrorRate: 0.01,
      p99LatencyMs: 1500,
      functionThrottles: 1,
      throttledResponses: 100,
      failedRedeems: 100,
      dynamoSystemErrors: 1,
      dynamoThrottledRequests: 5,
    },
  },
};

/** Context values the CLI passes as strings; absent or empty means not set. */
export interface StageContext {
  stage?: unknown;
  publicBaseUrl?: unknown;
  certificateArn?: unknown;
  alarmEmail?: unknown;
  alarmTopicArn?: unknown;
  concurrencyQuota?: unknown;
  provisionedConcurrency?: unknown;
  mailDomain?: unknown;
  portalUrl?: unknown;
  facebookAppId?: unknown;
  facebookAppSecretName?: unknown;
  portalDomain?: unknown;
  portalCertificateArn?: unknown;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`-c ${name} must be a string`);
  return value;
}

/** `https://auth.example.com/` -> `https://auth.example.com`; anything but an https origin (optionally with a base path) is refused. */
export function parsePublicBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`-c publicBaseUrl must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== 'https:') throw new Error(`-c publicBaseUrl must use https, got "${value}"`);
  if (url.search || url.hash || url.username || url.password) throw new Error(`-c publicBaseUrl must have no query, fragment or credentials, got "${value}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `-c concurrencyQuota`: a positive integer, and room for the stage's reservations above AWS's unreserved minimum. */
function parseConcurrencyQuota(value: unknown, reserved: Readonly<Record<string, number>>): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const quota = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(quota) || quota < 1) throw new Error(`-c concurrencyQuota must be the account's Lambda concurrency quota (a positive integer), got "${String(value)}"`);
  const total = totalReservedConcurrency(reserved);
  if (total > 0 && total > quota - unreservedConcurrencyMinimum) {
    throw new Error(
      `-c concurrencyQuota=${quota} cannot hold this stage's reserved concurrency (${total}): AWS keeps ${unreservedConcurrencyMinimum} unreserved. ` +
        'Ask for a higher quota (Service Quotas, Lambda "Concurrent executions") or leave -c concurrencyQuota out to reserve nothing.',
    );
  }
  return quota;
}

export function totalReservedConcurrency(reserved: Readonly<Record<string, number>>): number {
  return Object.values(reserved).reduce((sum, value) => sum + value, 0);
}

/** The reservation to apply to a function: its wanted value only when the quota was stated (and checked). */
export function appliedReservedConcurrency(config: StageConfig, functionName: string): number | undefined {
  return config.concurrencyQuota === undefined ? undefined : config.reservedConcurrency[functionName];
}

export function stageConfig(values: StageContext = {}): StageConfig {
  const stage = values.stage ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`Unknown stage "${String(stage)}": use -c stage=dev or -c stage=prod`);
  const publicBaseUrl = optionalString(values.publicBaseUrl, 'publicBaseUrl');
  const certificateArn = optionalString(values.certificateArn, 'certificateArn');
  const alarmEmail = optionalString(values.alarmEmail, 'alarmEmail');
  if (certificateArn && !publicBaseUrl) throw new Error('-c certificateArn needs -c publicBaseUrl=https://<the certificate host>');
  if (alarmEmail && !/^[^@\s]+@[^@\s]+$/.test(alarmEmail)) throw new Error(`-c alarmEmail must be an e-mail address, got "${alarmEmail}"`);
  const alarmTopicArn = optionalString(values.alarmTopicArn, 'alarmTopicArn');
  if (alarmTopicArn && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(alarmTopicArn)) throw new Error(`-c alarmTopicArn must be an SNS topic ARN, got "${alarmTopicArn}"`);
  const concurrencyQuota = parseConcurrencyQuota(values.concurrencyQuota, stages[stage].reservedConcurrency);
  const parsedBaseUrl = publicBaseUrl ? parsePublicBaseUrl(publicBaseUrl) : undefined;
  const mailDomain = optionalString(values.mailDomain, 'mailDomain') ?? (parsedBaseUrl ? new URL(parsedBaseUrl).hostname : `signet-${stage}.example.com`);
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(mailDomain)) throw new Error(`-c mailDomain must be a domain name, got "${mailDomain}"`);
  const portalUrl = optionalString(values.portalUrl, 'portalUrl');
  const facebookAppId = optionalString(values.facebookAppId, 'facebookAppId');
  const facebookAppSecretName = optionalString(values.facebookAppSecretName, 'facebookAppSecretName');
  if (Boolean(facebookAppId) !== Boolean(facebookAppSecretName)) throw new Error('Facebook sign-in needs both -c facebookAppId and -c facebookAppSecretName');
  if (facebookAppId && !/^\d{1,32}$/.test(facebookAppId)) throw new Error(`-c facebookAppId must be the numeric Facebook app id, got "${facebookAppId}"`);
  const portalDomain = optionalString(values.portalDomain, 'portalDomain');
  const portalCertificateArn = optionalString(values.portalCertificateArn, 'portalCertificateArn');
  if (Boolean(portalDomain) !== Boolean(portalCertificateArn)) throw new Error('A portal domain needs both -c portalDomain and -c portalCertificateArn (ACM, us-east-1)');
  if (portalCertificateArn && !portalCertificateArn.startsWith('arn:aws:acm:us-east-1:')) throw new Error('-c portalCertificateArn must be an ACM certificate in us-east-1 (CloudFront takes no other region)');
  return {
    ...stages[stage],
    provisionedConcurrency: parseProvisionedConcurrency(values.provisionedConcurrency),
    mailDomain: mailDomain.toLowerCase(),
    ...(portalUrl ? { portalUrl: parsePublicBaseUrl(portalUrl) } : {}),
    ...(alarmTopicArn ? { alarmTopicArn } : {}),
    ...(concurrencyQuota !== undefined ? { concurrencyQuota } : {}),
    ...(parsedBaseUrl ? { publicBaseUrl: parsedBaseUrl } : {}),
    ...(facebookAppId && facebookAppSecretName ? { facebook: { appId: facebookAppId, appSecretName: facebookAppSecretName } } : {}),
    ...(portalDomain && portalCertificateArn ? { portalDomain: { domainName: portalDomain.toLowerCase(), certificateArn: portalCertificateArn } } : {}),
    ...(certificateArn ? { certificateArn } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}
