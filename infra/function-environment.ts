import { configDefault, configKeys, localClientSecretPepper, type Config } from '../lib/config.js';
import type { Route } from '../lib/routes.js';

/**
 * The environment of each function, for the deployed template and for local runs
 * (env.local.json for `sam local`, `npm run invoke`). Every variable a function
 * may read (lib/config.ts) is declared on it, because `sam local --env-vars` only
 * sets variables the template declares; an empty value means "unset, use the
 * default" (config() ignores empty variables).
 */
type Key = keyof Config;

/**
 * Never declared: AWS_REGION is reserved by Lambda (the runtime sets it); PORT, LOG_FORMAT and
 * METRICS are `npm start`'s (a deployed function keeps METRICS' default, EMF).
 */
export const undeclaredKeys: ReadonlySet<Key> = new Set<Key>(['AWS_REGION', 'PORT', 'LOG_FORMAT', 'METRICS']);

export interface FunctionNeeds {
  /** The route reads or writes the table: TABLE_NAME and DYNAMODB_ENDPOINT. */
  table: boolean;
  /** The route creates or verifies client secrets (every /api route): the pepper variables. */
  clientSecretPepper: boolean;
}

/** The variables of the pepper (lib/secrets/pepper.ts): its value or secret, the cache TTL, the endpoint. */
export const pepperKeys: ReadonlySet<Key> = new Set<Key>([
  'CLIENT_SECRET_PEPPER',
  'CLIENT_SECRET_PEPPER_SECRET_ARN',
  'CLIENT_SECRET_PEPPER_CACHE_SECONDS',
  'SECRETS_MANAGER_ENDPOINT',
]);

/** The sign-in functions a proxying backend may call with its Basic credentials and X-Signet-Client-IP (lib/app-auth/basic-auth.ts): they verify client secrets. */
const proxiedSignIn: ReadonlySet<string> = new Set(['auth-login', 'auth-add-user', 'auth-request-password-reset', 'auth-get-login-status']);

/** What a route's function needs; `undefined` is the fallback function (no table, no secrets). */
export function functionNeeds(route: Pick<Route, 'path' | 'table' | 'function'> | undefined): FunctionNeeds {
  return {
    table: route !== undefined && route.table !== 'none',
    // the proxied sign-in routes verify a backend's Basic credentials (X-Signet-Client-IP)
    clientSecretPepper: route !== undefined && (route.path.startsWith('/api/') || proxiedSignIn.has(route.function)),
  };
}

/** The variables declared on a function, in lib/config.ts order. */
export function declaredKeys(needs: FunctionNeeds): Key[] {
  return configKeys.filter((key) => {
    if (undeclaredKeys.has(key)) return false;
    if (key === 'TABLE_NAME' || key === 'DYNAMODB_ENDPOINT') return needs.table;
    if (pepperKeys.has(key)) return needs.clientSecretPepper;
    return true;
  });
}

function fill(needs: FunctionNeeds, values: Partial<Record<Key, string>>): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const key of declaredKeys(needs)) environment[key] = values[key] ?? configDefault(key) ?? '';
  return environment;
}

export interface DeployedValues {
  stage: string;
  logLevel: string;
  publicBaseUrl: string;
  tableName: string;
  /** The ARN of the pepper secret: the function reads the value itself (lib/secrets/pepper.ts), so it is never in its configuration. */
  clientSecretPepperSecretArn: string;
  /** The ARN of the CloudFront origin secret (lib/secrets/origin-secret.ts), read by the function itself; only the API's functions get it. */
  cloudFrontOriginSecretArn?: string;
  /** MAIL_FROM, an address of the stage's SES identity (infra/mail.ts); only the stacks whose functions mail pass it. */
  mailFrom?: string;
  portalUrl?: string;
  /** Facebook sign-in, when the stage turns it on: the app id and a dynamic reference to its secret. */
  facebook?: { appId: string; appSecretId: string };
}

/** A deployed function's variables: stage values, defaults for the tunables, the local-only ones empty. */
export function deployedEnvironment(needs: FunctionNeeds, values: DeployedValues): Record<string, string> {
  return fill(needs, {
    SIGNET_STAGE: values.stage,
    LOG_LEVEL: values.logLevel,
    PUBLIC_BASE_URL: values.publicBaseUrl,
    TABLE_NAME: values.tableName,
    CLIENT_SECRET_PEPPER: '',
    CLIENT_SECRET_PEPPER_SECRET_ARN: values.clientSecretPepperSecretArn,
    CLOUDFRONT_ORIGIN_SECRET: '',
    ...(values.cloudFrontOriginSecretArn ? { CLOUDFRONT_ORIGIN_SECRET_ARN: values.cloudFrontOriginSecretArn } : {}),
    SECRETS_MANAGER_ENDPOINT: '',
    DYNAMODB_ENDPOINT: '',
    ...(values.mailFrom ? { MAIL_FROM: values.mailFrom } : {}),
    SES_ENDPOINT: '',
    ...(values.portalUrl ? { PORTAL_URL: values.portalUrl } : {}),
    ...(values.facebook ? { FACEBOOK_APP_ID: values.facebook.appId, FACEBOOK_APP_SECRET_ID: values.facebook.appSecretId } : {}),
  });
}

/** DynamoDB Local as a `sam local` container reaches it on the host (Docker Desktop; see docs/operations.md for Linux). */
export const samLocalDynamoEndpoint = 'http://host.docker.internal:8000';

/** Local values: the same table name and pepper as `npm start`, so every local tool shares one DynamoDB Local. */
export const localValues: Partial<Record<Key, string>> = {
  SIGNET_STAGE: 'local',
  LOG_LEVEL: 'DEBUG',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
  TABLE_NAME: 'signet-local',
  DYNAMODB_ENDPOINT: samLocalDynamoEndpoint,
  CLIENT_SECRET_PEPPER: localClientSecretPepper,
  CLIENT_SECRET_PEPPER_SECRET_ARN: '',
  CLOUDFRONT_ORIGIN_SECRET_ARN: '',
  DEVELOPER_SIGNUP: 'open',
};

export function localEnvironment(needs: FunctionNeeds, overrides: Partial<Record<Key, string>> = {}): Record<string, string> {
  return fill(needs, { ...localValues, ...overrides });
}
