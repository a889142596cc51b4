import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Counts the DynamoDB calls and the capacity they consume, measured on the
 * client's own middleware stack (not estimated): every command that can report
 * capacity is sent with ReturnConsumedCapacity INDEXES (the total then includes
 * the GSI writes, which cost as much as table writes) and its ConsumedCapacity
 * is summed from the answer (Get, Query, BatchGet, TransactWrite, ...).
 */

const readCommands = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const writeCommands = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface MeteredCall {
  operation: string;
  /** The DocumentClient-level input (plain JS values), as the code sent it. */
  input: Record<string, unknown>;
  startedMs: number;
  endedMs?: number;
}

/** Calls grouped into sequential waves, in order: calls that overlap in time (sent in parallel) share a wave. */
export function wavesOf(calls: readonly MeteredCall[]): MeteredCall[][] {
  const waves: MeteredCall[][] = [];
  let waveEnd = -Infinity;
  for (const call of [...calls].sort((a, b) => a.startedMs - b.startedMs)) {
    if (call.startedMs >= waveEnd) waves.push([]);
    waves[waves.length - 1]?.push(call);
    waveEnd = Math.max(waveEnd, call.endedMs ?? call.startedMs);
  }
  return waves;
}

/** Sequential waves of calls: the latency-relevant round trips. */
export const sequentialWaves = (calls: readonly MeteredCall[]): number => wavesOf(calls).length;

export const isReadCall = (call: MeteredCall): boolean => readCommands.has(call.operation);

export interface MeterReading {
  /** Round trips, in the order they were sent (command names without "Command"). */
  operations: string[];
  calls: MeteredCall[];
  rcu: number;
  wcu: number;
}

interface CapacityEntry {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

function capacityUnits(consumed: unknown): number {
  const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as CapacityEntry[];
  return entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? (entry.ReadCapacityUnits ?? 0) + (entry.WriteCapacityUnits ?? 0)), 0);
}

export class DynamoMeter {
  private reading: MeterReading = { operations: [], calls: [], rcu: 0, wcu: 0 };

  /** Installs the counting middleware once on the client's stack (shared by the DocumentClient). */
  constructor(client: DynamoDBDocumentClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        const input = args.input as Record<string, unknown>;
        const metered = readCommands.has(operation) || writeCommands.has(operation);
        if (metered && (input.ReturnConsumedCapacity === undefined || input.ReturnConsumedCapacity === 'NONE')) {
          input.ReturnConsumedCapacity = 'INDEXES';
        }
        const reading = this.reading;
        reading.operations.push(operation);
        const call: MeteredCall = { operation, input, startedMs: performance.now() };
        reading.calls.push(call);
        const result = await next(args);
        call.endedMs = performance.now();
        const units = capacityUnits((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
        if (readCommands.has(operation)) reading.rcu += units;
        else if (writeCommands.has(operation)) reading.wcu += units;
        return result;
      },
      { step: 'initialize', priority: 'high', name: 'signetBenchDynamoMeter', override: true },
    );
  }

  /** Starts a new reading; calls still in flight from before land in the old one. */
  reset(): void {
    this.reading = { operations: [], calls: [], rcu: 0, wcu: 0 };
  }

  read(): MeterReading {
    const { operations, calls, rcu, wcu } = this.reading;
    return { operations: [...operations], calls: [...calls], rcu, wcu };
  }
}
