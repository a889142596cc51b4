/**
 * Checks the synthesized template against what `sam local start-api` /
 * `sam local invoke` need (docs/operations.md): bundles where the asset metadata
 * points, exporting the handler the template names; every variable declared and
 * set by env.local.json; one routable event per function. The assembly is the one
 * `cdk synth` would write to cdk.out, synthesized once per source state and shared
 * (test/support/synth.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionId } from '../infra/api-stack.js';
import { functionNeeds, localEnvironment, samLocalDynamoEndpoint, undeclaredKeys } from '../infra/function-environment.js';
import { configKeyMayBeUnset, configKeys } from '../lib/config.js';
import { matchRoute } from '../lib/route-matching.js';
import { fallbackFunction, functionNames, routes, type Route } from '../lib/routes.js';
import { deployableAssembly } from './support/synth.js';

const projectRoot = join(import.meta.dirname, '..');
const routeOf = (name: string): Route | undefined => routes.find((route) => route.function === name);

interface CfnResource {
  Type: string;
  Properties: Record<string, unknown> & { Environment?: { Variables?: Record<string, unknown> }; Handler?: string; Runtime?: string };
  Metadata?: Record<string, unknown>;
}

/** The assembly directory: what `cdk synth` writes to cdk.out. */
let cdkOut: string;
let resources: Record<string, CfnResource>;
let functionIds: Map<string, string>;
let envLocal: Record<string, Record<string, string>>;

beforeAll(() => {
  cdkOut = deployableAssembly();
  resources = (JSON.parse(readFileSync(join(cdkOut, 'Signet-dev-Api.template.json'), 'utf8')) as { Resources: Record<string, CfnResource> }).Resources;
  envLocal = JSON.parse(readFileSync(join(projectRoot, 'env.local.json'), 'utf8'));
  functionIds = new Map();
  for (const name of functionNames) {
    const pattern = new RegExp(`^${functionId(name)}[0-9A-F]{8}$`);
    const ids = Object.keys(resources).filter((id) => pattern.test(id) && resources[id]!.Type === 'AWS::Lambda::Function');
    if (ids.length === 1) functionIds.set(name, ids[0]!);
  }
}, 1_600_000);

const lambdaFunctions = () => Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
const declared = (logicalId: string) => resources[logicalId]!.Properties.Environment?.Variables ?? {};

describe('sam local: the synthesized Signet-dev-Api template', () => {
  it('has exactly one function per route-table function, found by its logical id', () => {
    expect([...functionIds.keys()].sort()).toEqual([...functionNames].sort());
    expect(lambdaFunctions()).toHaveLength(functionNames.length);
  });

  it('points every function at a bundle directory in cdk.out through the asset metadata SAM reads', () => {
    for (const [logicalId, resource] of lambdaFunctions()) {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      expect([logicalId, resource.Metadata?.['aws:asset:property']]).toEqual([logicalId, 'Code']);
      expect(typeof assetPath).toBe('string');
      const bundleDir = join(cdkOut, assetPath as string);
      expect([logicalId, existsSync(bundleDir) && statSync(bundleDir).isDirectory()]).toEqual([logicalId, true]);
      expect(resource.Properties.Runtime).toBe('nodejs22.x');
    }
  });

  it('has bundles that export the handler the template names (imported in a separate node, with env.local.json)', () => {
    for (const [name, logicalId] of functionIds) {
      const resource = resources[logicalId]!;
      const [file, exportName] = String(resource.Properties.Handler).split('.');
      const bundleDir = join(cdkOut, resource.Metadata!['aws:asset:path'] as string);
      const bundle = ['mjs', 'js', 'cjs'].map((ext) => join(bundleDir, `${file}.${ext}`)).find((candidate) => existsSync(candidate));
      expect([name, bundle !== undefined]).toEqual([name, true]);
      const probe = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', 'const m = await import(process.argv[1]); process.stdout.write(typeof m[process.argv[2]]);', pathToFileURL(bundle!).href, exportName!],
        { env: { PATH: process.env.PATH, ...envLocal[logicalId] }, encoding: 'utf8', timeout: 60_000 },
      );
      expect([name, probe.stderr, probe.stdout]).toEqual([name, '', 'function']);
    }
  });

  it('declares on each function every variable it reads, unless the variable may be unset', () => {
    for (const [name, logicalId] of functionIds) {
      const variables = declared(logicalId);
      const needs = functionNeeds(routeOf(name));
      for (const key of configKeys) {
        if (undeclaredKeys.has(key)) {
          expect([name, key, key in variables]).toEqual([name, key, false]);
          continue;
        }
        // Deployed, the pepper comes from its secret (CLIENT_SECRET_PEPPER is declared empty, for sam local's env.local.json).
        const required = (key === 'TABLE_NAME' && needs.table) || (key === 'CLIENT_SECRET_PEPPER_SECRET_ARN' && needs.clientSecretPepper);
        if (required || !configKeyMayBeUnset(key)) {
          expect([name, key, Boolean(variables[key])]).toEqual([name, key, true]);
        }
      }
    }
  });

  it('has env.local.json keyed by those logical ids, setting exactly the declared variables (SAM ignores any other)', () => {
    expect(Object.keys(envLocal).sort()).toEqual([...functionIds.values()].sort());
    for (const [name, logicalId] of functionIds) {
      expect([name, Object.keys(envLocal[logicalId]!).sort()]).toEqual([name, Object.keys(declared(logicalId)).sort()]);
    }
  });

  it('has env.local.json up to date with the route table and lib/config.ts (else: npm run env:local)', () => {
    for (const [name, logicalId] of functionIds) {
      expect([name, envLocal[logicalId]]).toEqual([name, localEnvironment(functionNeeds(routeOf(name)))]);
      if (functionNeeds(routeOf(name)).table) {
        expect(envLocal[logicalId]).toMatchObject({ TABLE_NAME: 'signet-local', DYNAMODB_ENDPOINT: samLocalDynamoEndpoint });
      }
    }
  });

  it('integrates every API method with a function of the template, as a Lambda proxy', () => {
    const methods = Object.values(resources).filter((resource) => resource.Type === 'AWS::ApiGateway::Method');
    expect(methods.length).toBeGreaterThanOrEqual(routes.length);
    const ids = new Set(functionIds.values());
    for (const method of methods) {
      const integration = method.Properties.Integration as { Type: string; Uri: unknown };
      expect(integration.Type).toBe('AWS_PROXY');
      const referenced = [...JSON.stringify(integration.Uri).matchAll(/"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/g)].map((match) => match[1]);
      expect(referenced).toHaveLength(1);
      expect(ids.has(referenced[0]!)).toBe(true);
    }
  });
});

describe('sam local: events/', () => {
  const eventsDir = join(projectRoot, 'events');

  it('holds one event per function and nothing else', () => {
    const files = readdirSync(eventsDir).filter((file) => file.endsWith('.json'));
    expect(files.map((file) => file.replace(/\.json$/, '')).sort()).toEqual([...functionNames].sort());
  });

  it.each(functionNames)('events/%s.json is a REST API proxy event that routes to its function', (name) => {
    const event = JSON.parse(readFileSync(join(eventsDir, `${name}.json`), 'utf8'));
    const match = matchRoute(event.httpMethod, event.path);
    expect(match?.route.function ?? fallbackFunction).toBe(name);
    expect(event.resource).toBe(match?.route.path ?? '/{proxy+}');
    expect(event.pathParameters ?? {}).toEqual(match ? match.pathParameters : { proxy: event.path.slice(1) });
    expect(event.requestContext).toMatchObject({ httpMethod: event.httpMethod, resourcePath: event.resource, stage: expect.any(String), requestId: expect.any(String) });
    expect(event.requestContext.identity.sourceIp).toEqual(expect.any(String));
    expect(event.isBase64Encoded).toBe(false);
    for (const [header, value] of Object.entries(event.headers as Record<string, string>)) expect(event.multiValueHeaders[header]).toEqual([value]);
    if (event.body !== null) {
      const contentType = event.headers['Content-Type'];
      if (contentType === 'application/json') expect(() => JSON.parse(event.body)).not.toThrow();
      else if (name === 'developer-import-license-codes') expect(contentType).toBe('text/csv');
      else expect(contentType).toBe('application/x-www-form-urlencoded');
    }
  });
});
