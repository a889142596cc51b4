/**
 * `npm run env:local`: writes env.local.json, the `--env-vars` file of
 * `sam local start-api` / `sam local invoke`. One entry per function, keyed by its
 * logical id in cdk.out/Signet-dev-Api.template.json, holding exactly the
 * variables the template declares on it (SAM ignores any other), with local
 * values: DynamoDB Local on the Docker host, the local table and pepper.
 *
 * Synthesizes in memory without bundling (fast); logical ids depend only on
 * construct paths, so they match the bundled `cdk synth`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { functionNeeds, localEnvironment } from '../infra/function-environment.js';
import { buildSignet } from '../infra/signet.js';
import { functionNames, routes } from '../lib/routes.js';

export const envLocalPath = join(import.meta.dirname, '..', 'env.local.json');

export function buildEnvLocal(): Record<string, Record<string, string>> {
  // No bundling and no CloudFormation validation: only the logical ids are needed.
  const app = new App({ builtinCloudFormationValidation: false, context: { stage: 'dev', 'aws:cdk:bundling-stacks': [] } });
  const { api } = buildSignet(app);
  const envVars: Record<string, Record<string, string>> = {};
  for (const name of functionNames) {
    const route = routes.find((candidate) => candidate.function === name);
    envVars[api.functionLogicalId(name)] = localEnvironment(functionNeeds(route));
  }
  return envVars;
}

export function renderEnvLocal(): string {
  return `${JSON.stringify(buildEnvLocal(), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(envLocalPath, renderEnvLocal());
  console.log(`Wrote ${envLocalPath}`);
}
