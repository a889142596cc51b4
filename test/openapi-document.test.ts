import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { artifactPaths, projectRoot, renderOpenApiArtifacts } from '../tools/openapi/artifacts.js';
import { checkOperationDocs, operationDocs } from '../tools/openapi/document.js';
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

  it('has every example valid against its schema (request bodies, responses, parameters)', () => {
    const documentUri = 'https://signet.invalid/openapi.json';
    // ajv-formats is CommonJS: its default export arrives wrapped under ESM.
    const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...document, $id: documentUri });
    const invalid: string[] = [];
    let checked = 0;
    const check = (pointer: string, value: unknown) => {
      const validate = ajv.compile({ $ref: `${documentUri}#${pointer}/schema` });
      checked += 1;
      if (!validate(value)) invalid.push(`${pointer}: ${ajv.errorsText(validate.errors)}`);
    };
    const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
    const walk = (node: unknown, pointer: string): void => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.schema && record.example !== undefined) check(pointer, record.example);
      if (record.schema && record.examples && typeof record.examples === 'object') {
        for (const example of Object.values(record.examples as Record<string, { value?: unknown }>)) check(pointer, example.value);
      }
      for (const [key, child] of Object.entries(record)) if (key !== 'schema' && key !== 'examples') walk(child, `${pointer}/${escape(key)}`);
    };
    walk(document.paths, '/paths');
    walk((document as { components?: unknown }).components, '/components');
    expect(invalid).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('points nowhere outside the repository (no API.md sections or seed numbers in the generated docs)', () => {
    for (const path of [artifactPaths.document, 'docs/api.md']) {
      expect({ path, outside: committed(path).match(/API\.md|[Ss]eed \d{3}/g) ?? [] }).toEqual({ path, outside: [] });
    }
  });
});

describe("the README's typed-client example", () => {
  it('is exactly scripts/examples/status-sync-client.ts, the file the contract test runs', () => {
    const example = committed('scripts/examples/status-sync-client.ts');
    // A failure here means: copy the file into the README's ```ts block after its link.
    expect(committed('README.md')).toContain(`\`\`\`ts\n${example}\`\`\`\n`);
  });
});
