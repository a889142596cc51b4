/**
 * TypeScript is transpiled by SWC, file by file: types are checked once, by `npm run
 * typecheck` (tsc), not again per test file. Test files and sources run as ESM
 * (NODE_OPTIONS=--experimental-vm-modules), so import.meta works as under tsx and Node.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'es6' }, sourceMaps: 'inline' }],
  },
  globalSetup: '<rootDir>/test/setup/global-setup.js',
  globalTeardown: '<rootDir>/test/setup/global-teardown.js',
  setupFiles: ['<rootDir>/test/setup/per-file-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/per-file-table.ts'],
  testTimeout: 30_000,
  maxWorkers: 2,
  // Measured: both workers exit 1–2 ms after jest tells them to, but the main process, busy
  // for ~560 ms as the run ends on this 2-core machine, saw their exits only after its 500 ms
  // default had fired, and warned "A worker process has failed to exit gracefully" on every
  // run. A worker really held open by a leaked handle still gets force-exited, and warned about, after this.
  workerGracefulExitTimeout: 3_000,
};
