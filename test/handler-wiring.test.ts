import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isIdempotentRoute, routes } from '../lib/routes.js';

/**
 * lib/handlers/auth.ts leaves the Idempotency-Key steps out unless a function passes them
 * (so get-login-status does not bundle them, docs/performance.md): every /auth function
 * whose route takes a key must pass them, or its retries would run twice.
 */
describe('handler wiring', () => {
  it('every createAuthHandler function with an idempotent route passes the idempotency steps', () => {
    const functions = new Set(routes.filter((route) => isIdempotentRoute(route)).map((route) => route.function));
    const authFunctions = [...functions].filter((name) => readFileSync(join(import.meta.dirname, '..', 'functions', name, 'handler.ts'), 'utf8').includes('createAuthHandler('));
    expect(authFunctions).toEqual(['auth-add-user']);
    for (const name of authFunctions) {
      expect([name, readFileSync(join(import.meta.dirname, '..', 'functions', name, 'handler.ts'), 'utf8').includes('idempotency: idempotencySteps')]).toEqual([name, true]);
    }
  });

  it('every developer GET function reads alongside the session (createDeveloperReadHandler), every other developer function checks it first', () => {
    for (const route of routes.filter((candidate) => candidate.path.startsWith('/api/developer/'))) {
      const source = readFileSync(join(import.meta.dirname, '..', 'functions', route.function, 'handler.ts'), 'utf8');
      const factory = source.includes('createDeveloperReadHandler(') ? 'read' : source.includes('createDeveloperHandler(') ? 'write' : 'none';
      expect([route.function, factory]).toEqual([route.function, route.method === 'GET' ? 'read' : 'write']);
    }
  });

  it('every HTTP Basic GET function uses createAppReadHandler, every other one createAppHandler (with idempotency)', () => {
    for (const route of routes.filter((candidate) => candidate.path.startsWith('/api/applications/'))) {
      const source = readFileSync(join(import.meta.dirname, '..', 'functions', route.function, 'handler.ts'), 'utf8');
      const factory = source.includes('createAppReadHandler(') ? 'read' : source.includes('createAppHandler(') ? 'write' : 'none';
      expect([route.function, factory]).toEqual([route.function, route.method === 'GET' ? 'read' : 'write']);
    }
  });
});
