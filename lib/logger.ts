/**
 * Structured JSON logs. Callers pass explicit fields; request bodies, headers and
 * events are never logged, so passwords, secrets and session keys cannot leak here.
 */
type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
type Fields = Record<string, string | number | boolean | null | undefined>;

function write(level: Level, message: string, fields: Fields = {}): void {
  if (process.env.SIGNET_SILENT_LOGS === 'true') return;
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields });
  if (level === 'ERROR') console.error(line);
  else console.log(line);
}

export const logger = {
  debug: (message: string, fields?: Fields) => write('DEBUG', message, fields),
  info: (message: string, fields?: Fields) => write('INFO', message, fields),
  warn: (message: string, fields?: Fields) => write('WARN', message, fields),
  error: (message: string, fields?: Fields) => write('ERROR', message, fields),
};
