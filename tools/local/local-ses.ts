import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

/**
 * A local SES v2 endpoint (npm `aws-ses-v2-local`, a devDependency) for `npm start` and
 * the tests: it accepts SendEmail like SES, keeps the mails in memory, shows them in a
 * web view at its root and answers them as JSON at `GET /store`. Never imported by a
 * deployed function.
 */
export interface LocalSes {
  /** SES_ENDPOINT for the SDK, and the web view of the mails. */
  endpoint: string;
  /** Every mail received so far (optionally only those to one address). */
  mails(to?: string): Promise<LocalMail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalMail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;

export async function startLocalSes(options: { port?: number; host?: string } = {}): Promise<LocalSes> {
  const required = createRequire(import.meta.url)('aws-ses-v2-local') as { default?: StartServer } | StartServer;
  const start = typeof required === 'function' ? required : required.default;
  if (!start) throw new Error('aws-ses-v2-local did not export its server');
  const host = options.host ?? '127.0.0.1';
  const server = await start({ host, port: options.port ?? 0 });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host}:${port}`;
  return {
    endpoint,
    mails: async (to) => {
      const response = await fetch(`${endpoint}/store`);
      const { emails } = (await response.json()) as { emails: LocalMail[] };
      return to === undefined ? emails : emails.filter((mail) => mail.destination.to.some((address) => address.toLowerCase() === to.toLowerCase()));
    },
    clear: async () => {
      await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
