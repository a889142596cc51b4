import { build, type Plugin } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bundleFile, functionBuildOptions, projectRoot } from '../../infra/bundling.js';
import type { LambdaHandler } from '../../tools/local/server.js';
import { BareOperations } from './bare.js';
import { DynamoMeter } from './dynamo-meter.js';

/**
 * The functions the warm bench times, as they deploy: each handler bundled with
 * infra/bundling.ts's options (minified ESM for Node 22, SDK included), not the
 * TypeScript sources tsx loads for `npm start` and the tests. Measured on get-login-status
 * (docs/performance.md), the tsx-loaded sources cost about 0.045 more of the warm-overhead
 * ratio than the bundle that deploys.
 *
 * Each bundle also exports its own DocumentClient and the bench's bare operations, built
 * into it: the bare work goes through the handler's client (same connections, same SDK
 * code), and the meter counts the handler's calls on that client's middleware stack.
 * The functions' own bundles (bench/bundles.ts: sizes, cold starts) carry nothing of this.
 */
export interface DeployedFunction {
  /** The function (functions/<name>) the bundle holds. */
  name: string;
  handler: LambdaHandler;
  meter: DynamoMeter;
  bare: BareOperations;
}

interface HarnessModule {
  handler: LambdaHandler;
  db: DynamoDBDocumentClient;
  BareOperations: typeof BareOperations;
}

const entryNamespace = 'bench-deployed';

/** `bench-deployed:<function>`: the function's handler, its DocumentClient and the bare operations, from one bundle. */
const harnessEntries: Plugin = {
  name: 'bench-deployed-entries',
  setup(builder) {
    builder.onResolve({ filter: new RegExp(`^${entryNamespace}:`) }, (args) => ({ path: args.path.slice(entryNamespace.length + 1), namespace: entryNamespace }));
    builder.onLoad({ filter: /.*/, namespace: entryNamespace }, (args) => ({
      resolveDir: projectRoot,
      loader: 'ts',
      contents: [
        `export { handler } from './functions/${args.path}/handler.ts';`,
        "export { db } from './lib/db/client.ts';",
        "export { BareOperations } from './bench/lib/bare.ts';",
      ].join('\n'),
    }));
  },
};

/** Bundles the named functions (one esbuild build) into `outdir` and imports them, each with its meter and bare operations on `table`. */
export async function loadDeployedFunctions(functionNames: string[], table: string, outdir: string): Promise<Map<string, DeployedFunction>> {
  await build({
    ...functionBuildOptions,
    entryPoints: functionNames.map((name) => ({ in: `${entryNamespace}:${name}`, out: `${name}/index` })),
    outdir,
    plugins: [harnessEntries],
    logLevel: 'error',
  });
  const deployed = new Map<string, DeployedFunction>();
  for (const name of functionNames) {
    const bundle = (await import(pathToFileURL(join(outdir, name, bundleFile)).href)) as HarnessModule;
    deployed.set(name, { name, handler: bundle.handler, meter: new DynamoMeter(bundle.db), bare: new bundle.BareOperations(bundle.db, table) });
  }
  return deployed;
}
