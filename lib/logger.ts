import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/**
 * Structured JSON logs through Powertools Logger: one line per entry with level,
 * message, timestamp, service, stage, the Lambda context (function name, cold
 * start, request id), the X-Ray trace id and `correlation_id` (the API Gateway
 * request id, set per request by the handler factory). The level comes from
 * LOG_LEVEL (or Lambda's advanced logging controls); SIGNET_SILENT_LOGS=true
 * mutes everything (tests).
 *
 * Callers pass explicit fields and never bodies, headers or events. As a second
 * line of defence every key that names a credential, and every value shaped like
 * one, is replaced by "[REDACTED]" wherever it appears in an entry.
 */
type Fields = Record<string, unknown>;

export const redacted = '[REDACTED]';

/** Key names (lower-cased, without `-` and `_`) that hold credentials; identifiers (`secretId`) are kept. */
const credentialKey = /password|passwd|secret|sessionkey|authorization|cookie|token|pepper|credential|apikey|signature/;
const identifierSuffix = /(id|ids|count)$/;

/** Values that are credentials whatever their key: HTTP auth schemes, and 64-hex session keys. */
const credentialValue = /^(basic|bearer|digest)\s+\S+$|^[0-9a-f]{64}$/i;

export function isCredentialKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return credentialKey.test(normalized) && !identifierSuffix.test(normalized);
}

/** JSON replacer applied by Powertools to every key of every entry, nested ones included. */
export function redactCredentials(key: string, value: unknown): unknown {
  if (key === '' || key === 'message' || key === 'level') return value;
  if (isCredentialKey(key)) return value === undefined || value === null ? value : redacted;
  if (typeof value === 'string' && credentialValue.test(value.trim())) return redacted;
  return value;
}

const powertools = new Logger({
  serviceName: 'signet',
  persistentKeys: { stage: process.env.SIGNET_STAGE || 'local' },
  jsonReplacerFn: redactCredentials,
});

/**
 * What of an unexpected exception may be logged: its name, code, the AWS status and
 * request id, and its stack frames (code locations). Never its message: messages can
 * carry request data (a parser or a driver repeating the value it refused), and no
 * redaction by shape recognizes a password.
 */
export function errorFields(error: unknown): Fields {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const details = error as Error & { code?: unknown; $metadata?: { httpStatusCode?: unknown; requestId?: unknown } };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8)
    .map((line) => line.trim());
  return {
    errorName: error.name,
    errorCode: typeof details.code === 'string' ? details.code : undefined,
    httpStatusCode: typeof details.$metadata?.httpStatusCode === 'number' ? details.$metadata.httpStatusCode : undefined,
    awsRequestId: typeof details.$metadata?.requestId === 'string' ? details.$metadata.requestId : undefined,
    errorStack: frames,
  };
}

const silent = (): boolean => process.env.SIGNET_SILENT_LOGS === 'true';

/** A line below the logger's level is not written (Powertools' own thresholds). */
const thresholds = { debug: LogLevelThreshold.DEBUG, info: LogLevelThreshold.INFO, warn: LogLevelThreshold.WARN, error: LogLevelThreshold.ERROR };
type Level = keyof typeof thresholds;

function write(level: Level, message: string, fields?: Fields): void {
  if (silent() || powertools.level > thresholds[level]) return;
  applyRequestLog();
  powertools[level](message, fields ?? {});
}

export const logger = {
  debug: (message: string, fields?: Fields) => write('debug', message, fields),
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};

/** The request whose log context the next written line carries (set per request, applied on use). */
let pendingRequest: { correlationId: string | undefined; context?: Context } | undefined;
let coldStartLogged = false;

/**
 * Starts one request's log context: forgets the previous request's keys, adds the
 * Lambda context and sets the correlation id (API Gateway's request id). Applied to
 * Powertools only when the request writes a line (most write none at INFO): a warm
 * request that logs nothing pays for none of it. A container's first request applies it
 * at once, so `cold_start` (which Powertools reads once) is true on that request's lines only.
 */
export function startRequestLog(correlationId: string | undefined, context?: Context): void {
  pendingRequest = { correlationId, context };
  if (!coldStartLogged) {
    coldStartLogged = true;
    applyRequestLog();
  }
}

function applyRequestLog(): void {
  if (!pendingRequest) return;
  const { correlationId, context } = pendingRequest;
  pendingRequest = undefined;
  powertools.resetKeys();
  if (context?.functionName) powertools.addContext(context);
  if (correlationId) powertools.setCorrelationId(correlationId);
}

/** The correlation id of the request being served (tests and diagnostics). */
export function currentCorrelationId(): string | undefined {
  applyRequestLog();
  const id = powertools.getCorrelationId();
  return typeof id === 'string' ? id : undefined;
}
