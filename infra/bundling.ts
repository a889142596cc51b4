import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every function is bundled: esbuild, minified ESM for Node 22, AWS SDK
 * included (a pinned SDK instead of the runtime's), with a `require` shim for
 * the few CommonJS dependencies. The benchmark bundles with the same settings.
 */
export const esmRequireShim = "import { createRequire as __signetCreateRequire } from 'node:module'; const require = __signetCreateRequire(import.meta.url);";

export const functionBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: false,
  mainFields: ['module', 'main'],
  externalModules: [],
  banner: esmRequireShim,
  metafile: false,
};
