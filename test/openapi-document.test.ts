import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { artifactPaths, projectRoot, renderOpenApiArtifacts } from '../lib/openapi/artifacts.js';
import { checkOperationDocs, operationDocs } from '../lib/openapi/document.js';
import { routes, type Route } from '../lib/routes.js';

const committed = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
const document = JSON.parse(committed(artifactPaths.document)) as {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};

describe('docs/openapi.json', () => {
  it('is what `npm run openapi` generates from the code now (docs/api.md and the caller types too)', async () => {
    const rendered = await renderOpenApiArtifacts();
    for (const [name, path] of Object.entries(artifactPaths)) {
      // A failure here means: run `npm run openapi` and commit the result.
      expect({ path, content: committed(path) }).toEqual({ path, content: rendered[name as keyof typeof artifactPaths] });
    }
  });

  it("passes Redocly's validator and recommended ruleset without a problem", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: committed(artifactPaths.document),
      absoluteRef: join(projectRoot, artifactPaths.document),
      config,
    });
    const described = problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? ''}`);
    expect(described).toEqual([]);
  });

  it('is OpenAPI 3.1 and lists every route of the route table, nothing else', () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('fails loudly when a route has no documentation entry, or an entry no route', () => {
    const extra: Route = { method: 'POST', path: '/api/developer/applications/{appId}/undocumented', function: 'x', table: 'readWrite' };
    expect(() => checkOperationDocs([...routes, extra])).toThrow(/POST \/api\/developer\/applications\/\{appId\}\/undocumented has no entry/);
    expect(() => checkOperationDocs(routes.slice(1))).toThrow(/documents GET \/health, which lib\/routes.ts does not have/);
    expect(() => checkOperationDocs(routes, operationDocs)).not.toThrow();
  });

  it('documents both error bodies with their names and codes, and the headers of the contract', () => {
    const text = committed(artifactPaths.document);
    for (const needle of ['X-Spaaza-MyPrice-App-Hostname', 'X-Spaaza-API-Version', 'Idempotency-Key', 'Idempotent-Replayed', 'X-Spaaza-Session-User-Id', 'X-Spaaza-Session-Key', 'signet_session']) {
      expect(text).toContain(needle);
    }
    const login401 = JSON.stringify(document.paths['/auth/login']?.post?.responses['401']);
    expect(login401).toContain('"login_failed"');
    expect(login401).toContain('1006');
    const status401 = JSON.stringify(document.paths['/api/applications/{appId}/users/{globalId}/status']?.patch?.responses['401']);
    expect(status401).toContain('"invalid_client"');
  });
});
