import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for AWS Secrets Manager, as much of it as Signet uses: GetSecretValue
 * over the service's JSON protocol (POST /, `X-Amz-Target: secretsmanager.GetSecretValue`,
 * `application/x-amz-json-1.1`), so the real SDK client talks to it through
 * SECRETS_MANAGER_ENDPOINT. Bound to 127.0.0.1; signatures are not checked.
 */
export interface FakeSecretsManager {
  url: string;
  /** Sets (or replaces: a rotation) a secret's string, under its ARN. */
  putSecret(arn: string, value: string): void;
  /** Forgets a secret: GetSecretValue then answers ResourceNotFoundException. */
  deleteSecret(arn: string): void;
  /** GetSecretValue calls received so far, by SecretId. */
  calls: string[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startFakeSecretsManager(): Promise<FakeSecretsManager> {
  const secrets = new Map<string, { value: string; version: number }>();
  const calls: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    };
    const body = await readBody(request);
    if (request.method !== 'POST' || request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
      answer(400, { __type: 'InvalidRequestException', message: `unsupported: ${request.method} ${String(request.headers['x-amz-target'])}` });
      return;
    }
    const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
    calls.push(String(SecretId));
    const secret = SecretId ? secrets.get(SecretId) : undefined;
    if (!secret) {
      answer(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      return;
    }
    answer(200, {
      ARN: SecretId,
      Name: SecretId!.split(':secret:')[1] ?? SecretId,
      SecretString: secret.value,
      VersionId: `v${secret.version}`,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Date.now() / 1000,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    putSecret: (arn, value) => secrets.set(arn, { value, version: (secrets.get(arn)?.version ?? 0) + 1 }),
    deleteSecret: (arn) => secrets.delete(arn),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
