import { z } from 'zod';

/**
 * Configuration, parsed once per container from the environment. A bad value
 * fails at cold start with a message naming the variable, not at first use.
 */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  TABLE_NAME: z.string().min(1).optional(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  SESSION_TTL_HOURS: positiveInt(336),
  CREDENTIAL_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  MAX_BODY_BYTES: positiveInt(32 * 1024),
  PUBLIC_BASE_URL: z.url().optional(),
  FACEBOOK_GRAPH_URL: z.url().default('https://graph.facebook.com'),
  ALIAS_EMAIL_DOMAIN: z.string().min(1).optional(),
  PORT: positiveInt(3000),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** The table name, required by every function that touches DynamoDB. */
export function tableName(): string {
  const name = config().TABLE_NAME;
  if (!name) throw new Error('Invalid configuration: TABLE_NAME is required');
  return name;
}

/** Tests change the environment between files; production never calls this. */
export function resetConfigForTests(): void {
  cached = undefined;
}
