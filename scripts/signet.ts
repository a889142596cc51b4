/**
 * The admin CLI: `npm run signet -- <command> [options]`.
 *
 * Where it writes (tools/local/dynamo-discovery.ts, useLocalStack): with no DYNAMODB_ENDPOINT
 * and no TABLE_NAME, the running `npm start` of this checkout (its table, credentials and
 * pepper, so what it creates signs in through that API), and without one it says what to
 * run; with DYNAMODB_ENDPOINT, that DynamoDB (the development pepper unless set); with
 * TABLE_NAME alone, the deployed table with the usual AWS credentials and AWS_REGION (then
 * CLIENT_SECRET_PEPPER must be the deployed value, or new secrets will not verify).
 * Every command goes through the same use cases as the HTTP API, but as the operator:
 * no session, and no ownership check on app commands.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { safeParse, type core } from 'zod/mini';
import { addClientSecret, retireClientSecret } from '../lib/applications/client-secrets.js';
import { createApplication } from '../lib/applications/create-application.js';
import { newApplicationSchema } from '../lib/applications/schemas.js';
import * as params from '../lib/auth/params.js';
import { userIdOfUsername } from '../lib/entities/user-claims.js';
import { readUser } from '../lib/entities/user.js';
import { db } from '../lib/db/client.js';
import { SignetError } from '../lib/errors.js';
import { errorCatalog } from '../lib/http/error-catalog.js';
import { registerUser } from '../lib/users/register-user.js';
import { grantDeveloperRole } from '../lib/entities/user.js';
import { noRunningStack, useLocalStack, type LocalTarget } from '../tools/local/dynamo-discovery.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

export const usage = `Usage: npm run signet -- <command> [options]

Commands:
  create-admin  --username <e-mail> --password <password>
                A user account (the same as POST /auth/add-user); it signs in to the
                developer API with POST /auth/login without a hostname header.
  create-app    --owner <userId|username> --name <name> --hostname <host> [--hostname <host2> ...]
                An application with its first client secret (printed once).
  rotate-secret --app <appId>
                Adds a client secret (printed once); retire the old one when the backend uses the new one.
  retire-secret --app <appId> --secret <secretId>
                Retires a client secret (never the last one).

Options:
  --json        Print the result as one JSON object.

Where: the running \`npm start\` of this checkout (nothing to set). DYNAMODB_ENDPOINT names
another DynamoDB Local; TABLE_NAME alone a deployed table (with AWS credentials, AWS_REGION
and CLIENT_SECRET_PEPPER, the deployed value).`;

class UsageError extends Error {}

const options = {
  username: { type: 'string' },
  password: { type: 'string' },
  owner: { type: 'string' },
  name: { type: 'string' },
  hostname: { type: 'string', multiple: true },
  app: { type: 'string' },
  secret: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function required(flags: Flags, name: 'username' | 'password' | 'owner' | 'name' | 'app' | 'secret'): string {
  const value = flags[name];
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function validated<Schema extends core.$ZodType>(schema: Schema, value: unknown, what: string): core.output<Schema> {
  const parsed = safeParse(schema, value);
  if (!parsed.success) throw new UsageError(`${what}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

/** A numeric user id or a username (e-mail), to the id of an existing user. */
async function resolveOwner(owner: string): Promise<number> {
  const userId = /^[1-9][0-9]{0,9}$/.test(owner)
    ? Number(owner)
    : await userIdOfUsername(owner.trim());
  const user = userId === undefined ? undefined : await readUser(userId);
  if (!user) throw new SignetError('notFound', `No user ${owner}`);
  return user.userId;
}

type Result = Record<string, string | number | string[]>;

const commands: Record<string, (flags: Flags) => Promise<{ result: Result; notes?: string[] }>> = {
  'create-admin': async (flags) => {
    const username = validated(params.username, required(flags, 'username'), '--username');
    const password = validated(params.newPassword, required(flags, 'password'), '--password');
    const user = await registerUser({
      username,
      password,
      firstName: null,
      lastName: null,
      gender: null,
      birthday: null,
      mailingListSubscribed: false,
      printedMailingListSubscribed: false,
    });
    // the developer role: with DEVELOPER_SIGNUP=closed only such accounts open admin sessions
    await grantDeveloperRole(user.userId);
    return { result: { userId: user.userId, globalId: user.globalId, username } };
  },

  'create-app': async (flags) => {
    const input = validated(newApplicationSchema, { name: required(flags, 'name'), hostnames: flags.hostname ?? [] }, 'application');
    const ownerUserId = await resolveOwner(required(flags, 'owner'));
    const created = await createApplication(ownerUserId, input);
    return {
      result: {
        appId: created.application.appId,
        name: created.application.name,
        hostnames: created.application.hostnames,
        ownerUserId,
        secretId: created.secretId,
        clientSecret: created.clientSecret,
      },
      notes: ['The client secret is shown only now: store it in your backend secret store.'],
    };
  },

  'rotate-secret': async (flags) => {
    const appId = required(flags, 'app');
    const created = await addClientSecret(appId);
    return {
      result: { appId, secretId: created.secretId, clientSecret: created.clientSecret },
      notes: ['The client secret is shown only now. Older secrets keep working until retired with retire-secret.'],
    };
  },

  'retire-secret': async (flags) => {
    const appId = required(flags, 'app');
    const secretId = required(flags, 'secret');
    await retireClientSecret(appId, secretId);
    return { result: { appId, retiredSecretId: secretId } };
  },
};

/** Runs one command; resolves the process exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: string[], io: CliIo = consoleIo): Promise<number> {
  let flags: Flags;
  let positionals: string[];
  try {
    ({ values: flags, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  const [name, ...extra] = positionals;
  if (flags.help || name === undefined || name === 'help') {
    io.out(usage);
    return name === undefined && !flags.help ? 2 : 0;
  }
  const command = commands[name];
  if (!command || extra.length > 0) {
    io.err(`${command ? `Unexpected argument: ${extra.join(' ')}` : `Unknown command: ${name}`}\n\n${usage}`);
    return 2;
  }
  try {
    const { result, notes = [] } = await command(flags);
    if (flags.json) {
      io.out(JSON.stringify(result));
    } else {
      const width = Math.max(...Object.keys(result).map((key) => key.length)) + 2;
      for (const [key, value] of Object.entries(result)) io.out(`${`${key}:`.padEnd(width)}${Array.isArray(value) ? value.join(', ') : value}`);
      for (const note of notes) io.err(note);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof SignetError) {
      io.err(`${name} failed: ${error.message === error.kind ? errorCatalog[error.kind].message : error.message}`);
      return 1;
    }
    io.err(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** One line on stderr: which table the command writes to. */
function whereLine(target: LocalTarget): string {
  const table = `table ${process.env.TABLE_NAME}`;
  if (target.kind === 'running') return `Using ${table} of the running npm start${target.stack.baseUrl ? ` (${target.stack.baseUrl})` : ''} on ${target.stack.endpoint}`;
  if (target.kind === 'endpoint') return `Using ${table} on ${process.env.DYNAMODB_ENDPOINT}`;
  return `Using the deployed ${table} (AWS_REGION ${process.env.AWS_REGION ?? 'from your AWS profile'})`;
}

/** The command line: the stack first (before any client is built), then the command. */
async function cli(argv: string[]): Promise<number> {
  const wantsHelp = argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help';
  if (!wantsHelp) {
    const target = await useLocalStack();
    if (target.kind === 'none') {
      console.error(noRunningStack);
      return 1;
    }
    console.error(whereLine(target));
  }
  try {
    return await main(argv);
  } finally {
    db.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await cli(process.argv.slice(2));
}
