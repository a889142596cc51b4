/** Runs `action` with logs on and returns everything written to stdout and stderr meanwhile. */
export async function captureOutput<T>(action: () => Promise<T>): Promise<{ output: string; value: T }> {
  const previous = process.env.SIGNET_SILENT_LOGS;
  process.env.SIGNET_SILENT_LOGS = 'false';
  const chunks: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    const value = await action();
    return { output: chunks.join(''), value };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.env.SIGNET_SILENT_LOGS = previous;
  }
}
