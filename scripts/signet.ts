/**
 * The admin CLI: `npm run signet -- <command> [options]`.
 *
 * Works against the table named by TABLE_NAME: DynamoDB Local when DYNAMODB_ENDPOINT
 * is set, else the deployed table with the usual AWS credentials and AWS_REGION
 * (then CLIENT_SECRET_PEPPER must be the deployed value, or new secrets will not verify).
 * Against the DynamoDB Local of a running `npm start` its credentials and development
 * pepper are picked up (scripts/local-environment.ts); elsewhere set CLIENT_SECRET_PEPPER.
 * Every command goes through the same use cases as the HTTP API, but as the operator:
 * no session, and no ownership check on app commands.
 */
import './local-environment.js';
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

Environment: TABLE_NAME (required); DYNAMODB_ENDPOINT for DynamoDB Local, else AWS
credentials and AWS_REGION; CLIENT_SECRET_PEPPER (required for a deployed table).`;

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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    })
    .finally(() => db.destroy());
}
