// The logger reads LOG_LEVEL when its module loads: load it after setting the level.
process.env.LOG_LEVEL = 'DEBUG';
const { currentCorrelationId, isCredentialKey, logger, redactCredentials, redacted, startRequestLog } = await import('../lib/logger.js');
const { countMetric, flushMetrics } = await import('../lib/observability/metrics.js');
const { defaultEventFile, invokeFunction, readEvent } = await import('../scripts/invoke.js');

/** Runs `write` with logs on and returns the JSON lines it printed. */
function captureLines(write: () => void): Array<Record<string, unknown>> {
  const previous = process.env.SIGNET_SILENT_LOGS;
  process.env.SIGNET_SILENT_LOGS = 'false';
  const chunks: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    write();
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.env.SIGNET_SILENT_LOGS = previous;
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('logger', () => {
  it('writes one structured JSON line with level, message, service, stage and the fields', () => {
    const [line] = captureLines(() => logger.info('user registered', { userId: 114521, created: true }));
    expect(line).toMatchObject({ level: 'INFO', message: 'user registered', service: 'signet', stage: 'local', userId: 114521, created: true });
    expect(typeof line?.timestamp).toBe('string');
  });

  it('routes errors and warnings with their level', () => {
    const lines = captureLines(() => {
      logger.warn('slow', { ms: 1200 });
      logger.error('failed', { kind: 'internal' });
    });
    expect(lines.map((line) => line.level)).toEqual(['WARN', 'ERROR']);
  });

  it('sets the correlation id per request and forgets the previous one', () => {
    startRequestLog('req-1');
    expect(currentCorrelationId()).toBe('req-1');
    const [first] = captureLines(() => logger.info('one'));
    expect(first?.correlation_id).toBe('req-1');
    startRequestLog(undefined);
    expect(currentCorrelationId()).toBeUndefined();
    const [second] = captureLines(() => logger.info('two'));
    expect(second).not.toHaveProperty('correlation_id');
  });

  it("gives a line the Lambda context and correlation id of the request that wrote it, whatever the requests before it wrote", () => {
    const context = { functionName: 'auth-login', awsRequestId: 'lambda-b', memoryLimitInMB: '512', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:auth-login' };
    startRequestLog('req-a', { ...context, awsRequestId: 'lambda-a' } as never); // writes nothing
    startRequestLog('req-b', context as never);
    const [line] = captureLines(() => logger.warn('late'));
    expect(line).toMatchObject({ correlation_id: 'req-b', function_request_id: 'lambda-b', function_name: 'auth-login' });
  });

  it('stays silent with SIGNET_SILENT_LOGS=true', () => {
    const chunks: string[] = [];
    const stdoutWrite = process.stdout.write;
    process.stdout.write = ((chunk: string) => chunks.push(chunk) > 0) as typeof process.stdout.write;
    try {
      process.env.SIGNET_SILENT_LOGS = 'true';
      logger.error('not shown');
    } finally {
      process.stdout.write = stdoutWrite;
    }
    expect(chunks).toEqual([]);
  });

  it('recognizes credential keys but keeps identifiers', () => {
    for (const key of ['password', 'newPassword', 'client_secret', 'clientSecret', 'session_key', 'X-Spaaza-Session-Key', 'authorization', 'Cookie', 'fb_access_token', 'CLIENT_SECRET_PEPPER']) {
      expect([key, isCredentialKey(key)]).toEqual([key, true]);
    }
    for (const key of ['secretId', 'client_secret_id', 'sessionUserId', 'userId', 'username', 'kind', 'status']) {
      expect([key, isCredentialKey(key)]).toEqual([key, false]);
    }
  });

  it('redacts credentials by key and by shape, nested too, whatever the caller passed', () => {
    const sessionKey = 'a'.repeat(64);
    const [line] = captureLines(() =>
      logger.warn('careless caller', {
        password: 'correct-horse-1',
        clientSecret: 'signet_cs_abc',
        note: `Basic ${Buffer.from('app:secret').toString('base64')}`,
        someKey: sessionKey,
        nested: { headers: { authorization: 'Bearer token', 'x-spaaza-session-key': sessionKey }, secretId: 'sec_1' },
        secretId: 'sec_a4d8f2k9m3n7p5q1',
      }),
    );
    expect(line).toMatchObject({
      message: 'careless caller',
      password: redacted,
      clientSecret: redacted,
      note: redacted,
      someKey: redacted,
      nested: { headers: { authorization: redacted, 'x-spaaza-session-key': redacted }, secretId: 'sec_1' },
      secretId: 'sec_a4d8f2k9m3n7p5q1',
    });
    const text = JSON.stringify(line);
    expect(text).not.toContain('correct-horse-1');
    expect(text).not.toContain(sessionKey);
    expect(redactCredentials('status', 200)).toBe(200);
  });
});

describe('metrics', () => {
  it('flushes counted events as one EMF line in the Signet namespace', () => {
    const lines = captureLines(() => {
      countMetric('Logins');
      countMetric('Logins');
      countMetric('FailedLogins');
      flushMetrics();
    });
    expect(lines).toHaveLength(1);
    const emf = lines[0] as { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> } } & Record<string, unknown>;
    const [directive] = emf._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe('Signet');
    expect(directive?.Dimensions).toEqual([['service', 'stage']]);
    expect(directive?.Metrics).toEqual(expect.arrayContaining([{ Name: 'Logins', Unit: 'Count' }, { Name: 'FailedLogins', Unit: 'Count' }]));
    expect(emf).toMatchObject({ service: 'signet', stage: 'local', Logins: [1, 1], FailedLogins: 1 });
  });

  it('writes nothing when nothing was counted, and drops metrics in silent runs', () => {
    expect(captureLines(() => flushMetrics())).toEqual([]);
    countMetric('Grants');
    process.env.SIGNET_SILENT_LOGS = 'true';
    flushMetrics();
    expect(captureLines(() => flushMetrics())).toEqual([]);
  });

  it('is flushed by the handler factory at the end of a request, with the request id as correlation id', async () => {
    const event = readEvent(defaultEventFile('health'));
    const previous = process.env.SIGNET_SILENT_LOGS;
    process.env.SIGNET_SILENT_LOGS = 'false';
    try {
      countMetric('SessionChecks');
      const result = await invokeFunction('health', event);
      expect(result.response.statusCode).toBe(200);
      const entries = result.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries.find((entry) => '_aws' in entry)).toMatchObject({ SessionChecks: 1 });
      expect(entries.find((entry) => entry.message === 'request handled')).toMatchObject({ correlation_id: event.requestContext.requestId });
    } finally {
      process.env.SIGNET_SILENT_LOGS = previous;
    }
  });
});
