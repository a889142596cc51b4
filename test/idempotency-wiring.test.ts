import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isIdempotentRoute, routes } from '../lib/routes.js';

/**
 * lib/handlers/auth.ts leaves the Idempotency-Key steps out unless a function passes them
 * (so get-login-status does not bundle them, docs/performance.md): every /auth function
 * whose route takes a key must pass them, or its retries would run twice.
 */
describe('idempotency wiring', () => {
  it('every createAuthHandler function with an idempotent route passes the idempotency steps', () => {
    const functions = new Set(routes.filter((route) => isIdempotentRoute(route)).map((route) => route.function));
    const authFunctions = [...functions].filter((name) => readFileSync(join(import.meta.dirname, '..', 'functions', name, 'handler.ts'), 'utf8').includes('createAuthHandler('));
    expect(authFunctions).toEqual(['auth-add-user']);
    for (const name of authFunctions) {
      expect([name, readFileSync(join(import.meta.dirname, '..', 'functions', name, 'handler.ts'), 'utf8').includes('idempotency: idempotencySteps')]).toEqual([name, true]);
    }
  });
});
