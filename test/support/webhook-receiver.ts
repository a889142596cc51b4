import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A local HTTP receiver on 127.0.0.1 for webhook tests. Deliveries are verified with the
 * `standardwebhooks` package (the reference verifier), never with Signet's own signing code.
 */
export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: ReceivedDelivery[];
  /** The status code to answer the n-th delivery (1-based) with; 200 by default. */
  answer: (n: number) => number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', received: [], answer: () => 200, close: async () => undefined };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = receiver.answer(receiver.received.length);
      response.end(`answer ${response.statusCode}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  // Keep-alive sockets from the sender would hold the worker open past the suite.
  receiver.close = () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
  return receiver;
}

/** The delivery's payload if it verifies with `secret` (throws otherwise). */
export function verified(delivery: ReceivedDelivery, secret: string): { id: string; type: string; data: Record<string, unknown> } {
  const headers = {
    'webhook-id': String(delivery.headers['webhook-id']),
    'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
    'webhook-signature': String(delivery.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(delivery.body, headers) as { id: string; type: string; data: Record<string, unknown> };
}
