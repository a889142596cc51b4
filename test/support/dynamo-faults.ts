import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Fault injection for the real DynamoDB client (no mocks): two middlewares on
 * `db.middlewareStack`. One, in the initialize step, numbers each logical call
 * (`db.send`). The other sits in the deserialize step just inside the SDK's
 * deserializer — below the retry middleware (finalizeRequest), so every attempt passes
 * through it — and, when `decide` says so, answers in DynamoDB's place: a throttling or
 * 500 error is a real DynamoDB JSON error response that the SDK's own deserializer
 * turns into its exception, and a reset connection is the error Node's HTTP stack
 * raises. `lostResponse` sends the request for real and then drops the answer, the
 * ambiguous case where a write committed but the caller saw a failure.
 */
export type Fault =
  | 'throttling'
  | 'provisionedThroughputExceeded'
  | 'requestLimitExceeded'
  | 'internalServerError'
  | 'serviceUnavailable'
  | 'connectionReset'
  | 'lostResponse';

export interface DynamoAttempt {
  /** The logical call this attempt belongs to, 1-based, in the order calls started. */
  call: number;
  /** 1 for the first attempt of the call, 2 for its first retry... */
  attempt: number;
  /** e.g. 'TransactWriteItemsCommand', 'GetItemCommand'. */
  command: string;
}

export interface FaultInjector {
  /** Every attempt, in order, with the fault injected into it (undefined: it reached DynamoDB). */
  readonly attempts: Array<DynamoAttempt & { fault: Fault | undefined }>;
  /** The logical calls started, by command name. */
  readonly calls: string[];
  /** Removes the middlewares; the client is back to normal. */
  remove(): void;
}

export type FaultDecision = (attempt: DynamoAttempt) => Fault | undefined;

const errorResponses: Partial<Record<Fault, { status: number; type: string; message: string }>> = {
  throttling: { status: 400, type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' },
  provisionedThroughputExceeded: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded.',
  },
  requestLimitExceeded: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#RequestLimitExceeded',
    message: 'Throughput exceeds the current throughput limit for your account.',
  },
  internalServerError: { status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' },
  serviceUnavailable: { status: 503, type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable', message: 'Service unavailable' },
};

function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

const counterName = 'signetFaultCallCounter';
const injectorName = 'signetFaultInjector';

interface FaultContext {
  commandName?: string;
  signetCall?: number;
  signetAttempt?: number;
}

type Middleware = (next: (args: unknown) => Promise<unknown>, context: FaultContext) => (args: unknown) => Promise<unknown>;

/** Installs the injector on `client` (the app's `db`). Remove it in afterEach. */
export function injectFaults(client: DynamoDBDocumentClient, decide: FaultDecision): FaultInjector {
  const attempts: FaultInjector['attempts'] = [];
  const calls: string[] = [];
  const stack = client.middlewareStack;

  const countCalls: Middleware = (next, context) => async (args) => {
    calls.push(String(context.commandName));
    context.signetCall = calls.length;
    return next(args);
  };
  stack.add(countCalls as never, { step: 'initialize', name: counterName, priority: 'high' });

  const injectFault: Middleware = (next, faultContext) => async (args) => {
    faultContext.signetAttempt = (faultContext.signetAttempt ?? 0) + 1;
    const attempt: DynamoAttempt = {
      call: faultContext.signetCall ?? 0,
      attempt: faultContext.signetAttempt,
      command: String(faultContext.commandName),
    };
    const fault = decide(attempt);
    attempts.push({ ...attempt, fault });
    if (fault === 'connectionReset') throw connectionReset();
    if (fault === 'lostResponse') {
      await next(args);
      throw connectionReset();
    }
    const error = fault ? errorResponses[fault] : undefined;
    if (!error) return next(args);
    const response = {
      statusCode: error.status,
      reason: undefined,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `fault-${attempts.length}` },
      body: new TextEncoder().encode(JSON.stringify({ __type: error.type, message: error.message })),
    };
    return { response, output: undefined };
  };
  stack.addRelativeTo(injectFault as never, { relation: 'after', toMiddleware: 'deserializerMiddleware', name: injectorName });

  return {
    attempts,
    calls,
    remove: () => {
      stack.remove(counterName);
      stack.remove(injectorName);
    },
  };
}

/** Fails the first `count` attempts of every call (each retry included) with `fault`. */
export function failFirstAttempts(fault: Fault, count: number): FaultDecision {
  return (attempt) => (attempt.attempt <= count ? fault : undefined);
}

/** Fails every attempt of logical call number `call` (so it exhausts its retries), nothing else. */
export function failCall(call: number, fault: Fault): FaultDecision {
  return (attempt) => (attempt.call === call ? fault : undefined);
}
