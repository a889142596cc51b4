/**
 * `npm start`'s output for a person at a terminal: one line per request, and the
 * functions' JSON log entries (lib/logger.ts, Powertools) rewritten as short lines.
 * Only the local server uses this; functions always write JSON, and `npm start`
 * passes it through untouched when stdout is not a terminal or LOG_FORMAT=json.
 */
import { errorFields } from '../../lib/logger.js';

export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT wins; otherwise pretty on a terminal, JSON (as deployed) when piped. */
export function chooseLogFormat(setting: LogFormat | undefined, isTerminal: boolean): LogFormat {
  return setting ?? (isTerminal ? 'pretty' : 'json');
}

export interface ServedRequest {
  method: string;
  /** The path as requested, query string included. */
  path: string;
  status: number;
  ms: number;
  /** API Gateway's request id (the logs' correlation_id); absent when no function was called. */
  requestId?: string;
  /** What the function threw (the server answered 502). */
  error?: unknown;
}

const colors = { red: 31, green: 32, yellow: 33, cyan: 36, gray: 90 } as const;
type Color = keyof typeof colors;

function paint(useColor: boolean) {
  return (color: Color, text: string) => (useColor ? `\u001b[${colors[color]}m${text}\u001b[0m` : text);
}

const clock = (date: Date) => date.toISOString().slice(11, 23);

/** `12:03:04.120 POST /auth/login 200 12 ms 5c1e...`: method, path, status, duration, request id. */
export function formatRequestLine(request: ServedRequest, options: { color?: boolean; now?: Date } = {}): string {
  const color = paint(options.color ?? false);
  const statusColor: Color = request.status >= 500 ? 'red' : request.status >= 400 ? 'yellow' : 'green';
  const parts = [
    color('gray', clock(options.now ?? new Date())),
    request.method.padEnd(6),
    request.path,
    color(statusColor, String(request.status)),
    `${Math.round(request.ms)} ms`,
    color('gray', request.requestId ?? '-'),
  ];
  const line = parts.join(' ');
  if (request.error === undefined) return line;
  // Name and stack frames only, as the logger does: a message can carry request data.
  const { errorName, errorStack } = errorFields(request.error) as { errorName: string; errorStack?: string[] };
  return [line, color('red', `  the function threw ${errorName}`), ...(errorStack ?? []).map((frame) => color('gray', `    ${frame}`))].join('\n');
}

/** Keys every Powertools entry carries (or the Lambda context adds): shown once in the request line, not per entry. */
const routineKeys = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'stage',
  'sampling_rate',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'xray_trace_id',
  'correlation_id',
]);

const levelColor: Record<string, Color> = { DEBUG: 'gray', TRACE: 'gray', INFO: 'cyan', WARN: 'yellow', ERROR: 'red', CRITICAL: 'red' };

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/**
 * One output line, rewritten for a person: a log entry becomes `LEVEL message key=value
 * [function]`, an EMF metrics line (only when METRICS=emf) becomes `metrics Name=1`, and
 * anything else is kept as it is.
 */
export function formatOutputLine(line: string, options: { color?: boolean } = {}): string {
  const color = paint(options.color ?? false);
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return line;
  const fields = entry as Record<string, unknown>;
  if (typeof fields._aws === 'object' && fields._aws !== null) {
    const names = ((fields._aws as { CloudWatchMetrics?: Array<{ Metrics?: Array<{ Name?: string }> }> }).CloudWatchMetrics ?? [])
      .flatMap((group) => group.Metrics ?? [])
      .map((metric) => `${metric.Name}=${fieldText(fields[metric.Name ?? ''])}`);
    return color('gray', `             metrics ${names.join(' ')}`);
  }
  if (typeof fields.level !== 'string' || typeof fields.message !== 'string') return line;
  const extras = Object.entries(fields)
    .filter(([key, value]) => !routineKeys.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  const where = typeof fields.function_name === 'string' ? color('gray', `[${fields.function_name}]`) : '';
  const time = typeof fields.timestamp === 'string' ? fields.timestamp.slice(11, 23) : '';
  return [color('gray', time), color(levelColor[fields.level] ?? 'cyan', fields.level.padEnd(6)), fields.message, ...extras, where].filter(Boolean).join(' ');
}

/**
 * Rewrites, line by line, what this process writes to stdout and stderr (the
 * functions' loggers included) with formatOutputLine. Returns the undo.
 */
export function installPrettyOutput(options: { color: boolean }): () => void {
  const restores = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write;
    const write = (text: string, callback?: () => void): boolean => (original as (text: string, callback?: () => void) => boolean).call(stream, text, callback);
    let pending = '';
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      const text = lines.map((line) => `${formatOutputLine(line, options)}\n`).join('');
      const callback = rest.find((value): value is () => void => typeof value === 'function');
      return text ? write(text, callback) : (callback?.(), true);
    }) as typeof stream.write;
    return () => {
      if (pending) write(`${pending}\n`);
      stream.write = original;
    };
  });
  return () => restores.forEach((restore) => restore());
}
