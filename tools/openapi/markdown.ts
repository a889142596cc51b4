import { errorCatalog } from '../../lib/http/error-catalog.js';

/**
 * docs/api.md: the repository's readable API reference, rendered from the OpenAPI
 * document (so it says nothing the document does not).
 */

type Json = Record<string, unknown>;

const methods = ['get', 'post', 'put', 'patch', 'delete'];

function resolve(document: Json, value: unknown): Json {
  let current = value as Json;
  for (let depth = 0; typeof current?.$ref === 'string' && depth < 10; depth++) {
    const path = (current.$ref as string).replace(/^#\//, '').split('/');
    current = path.reduce<unknown>((node, key) => (node as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')], document) as Json;
  }
  return current;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

function typeOf(document: Json, schema: Json): string {
  const resolved = resolve(document, schema);
  if (schema.$ref) return `[${(schema.$ref as string).split('/').pop()}](#schema-${(schema.$ref as string).split('/').pop()?.toLowerCase()})`;
  if (resolved.const !== undefined) return `\`${JSON.stringify(resolved.const)}\``;
  if (Array.isArray(resolved.enum)) return resolved.enum.map((value) => `\`${String(value)}\``).join(', ');
  const variants = (resolved.anyOf ?? resolved.oneOf) as Json[] | undefined;
  if (variants) return variants.map((variant) => typeOf(document, variant)).join(' or ');
  if (resolved.type === 'array') return `array of ${typeOf(document, (resolved.items ?? {}) as Json)}`;
  if (Array.isArray(resolved.type)) return resolved.type.join(' or ');
  if (typeof resolved.type === 'string') return resolved.format ? `${resolved.type} (${String(resolved.format)})` : resolved.type;
  return 'any';
}

/** One row per property, nested objects with dotted names. */
function propertyRows(document: Json, schema: Json, prefix = '', depth = 0): string[] {
  const resolved = resolve(document, schema);
  const properties = (resolved.properties ?? {}) as Record<string, Json>;
  const required = new Set((resolved.required ?? []) as string[]);
  const rows: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const full = `${prefix}${name}`;
    const item = resolve(document, property);
    const note = [item.description, item.pattern ? `pattern \`${String(item.pattern)}\`` : undefined, item.default !== undefined ? `default \`${JSON.stringify(item.default)}\`` : undefined]
      .filter(Boolean)
      .join('; ');
    rows.push(`| \`${full}\` | ${cell(typeOf(document, property))} | ${required.has(name) ? 'yes' : 'no'} | ${cell(String(note))} |`);
    if (depth < 3 && !property.$ref) {
      if (item.type === 'object') rows.push(...propertyRows(document, item, `${full}.`, depth + 1));
      const items = item.items as Json | undefined;
      if (item.type === 'array' && items && !items.$ref && resolve(document, items).type === 'object') {
        rows.push(...propertyRows(document, items, `${full}[].`, depth + 1));
      }
    }
  }
  return rows;
}

function table(rows: string[]): string[] {
  return rows.length === 0 ? [] : ['| field | type | required | notes |', '|---|---|---|---|', ...rows, ''];
}

function firstExample(media: Json | undefined): unknown {
  const examples = media?.examples as Record<string, { value: unknown }> | undefined;
  return examples ? Object.values(examples)[0]?.value : undefined;
}

const json = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```', ''];

const securityText: Record<string, string> = {
  basicAuth: 'HTTP Basic (`client_id` = appId, `client_secret`)',
  sessionUserId: '`X-Spaaza-Session-User-Id`',
  sessionUsername: '`X-Spaaza-Session-Username`',
  sessionKey: '`X-Spaaza-Session-Key`',
  adminSessionCookie: 'the admin-session cookie',
};

function operationSection(document: Json, method: string, path: string, operation: Json): string[] {
  const lines: string[] = [`### ${method.toUpperCase()} ${path}`, '', `**${String(operation.summary)}** (\`${String(operation.operationId)}\`)`, ''];
  lines.push(String(operation.description), '');
  const security = (operation.security ?? []) as Json[];
  lines.push(
    `Authentication: ${security.length === 0 ? 'none' : security.map((requirement) => Object.keys(requirement).map((name) => securityText[name] ?? name).join(' + ')).join(', or ')}.`,
    '',
  );
  const parameters = ((operation.parameters ?? []) as Json[]).map((parameter) => resolve(document, parameter));
  if (parameters.length > 0) {
    lines.push('| parameter | in | required | description |', '|---|---|---|---|');
    for (const parameter of parameters) {
      lines.push(`| \`${String(parameter.name)}\` | ${String(parameter.in)} | ${parameter.required ? 'yes' : 'no'} | ${cell(String(parameter.description ?? ''))} |`);
    }
    lines.push('');
  }
  const body = operation.requestBody as Json | undefined;
  if (body) {
    const content = body.content as Record<string, Json>;
    const types = Object.keys(content).map((type) => `\`${type}\``).join(' or ');
    const media = Object.values(content)[0];
    lines.push(`Request body (${types}${body.required ? '' : ', optional'}): ${String(body.description ?? '')}`, '');
    lines.push(...table(propertyRows(document, (media?.schema ?? {}) as Json)));
    const example = firstExample(media);
    if (example !== undefined) lines.push('Example:', '', ...json(example));
  }
  const responses = operation.responses as Record<string, Json>;
  lines.push('Responses:', '');
  for (const [status, listed] of Object.entries(responses)) {
    const response = resolve(document, listed);
    const media = (response.content as Record<string, Json> | undefined)?.['application/json'];
    const schemaName = ((media?.schema as Json | undefined)?.$ref as string | undefined)?.split('/').pop();
    if (Number(status) < 400) {
      lines.push(`- **${status}**: ${String(response.description)}${schemaName ? ` Body: [${schemaName}](#schema-${schemaName.toLowerCase()}).` : ''}`);
      for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
        lines.push(`  - header \`${name}\`: ${String(resolve(document, header).description ?? '')}`);
      }
    } else {
      lines.push(`- **${status}**:`, ...String(response.description).split('\n').map((line) => `  ${line}`));
    }
  }
  lines.push('');
  const success = Object.entries(responses).find(([status]) => Number(status) < 400)?.[1];
  const example = firstExample((success?.content as Record<string, Json> | undefined)?.['application/json']);
  if (example !== undefined) lines.push('Example answer:', '', ...json(example));
  return lines;
}

export function renderApiMarkdown(document: Json): string {
  const info = document.info as Json;
  const components = document.components as Json;
  const lines: string[] = [
    `# ${String(info.title)} reference`,
    '',
    '<!-- Generated by `npm run openapi` from the route table and the zod schemas (tools/openapi). Do not edit by hand. -->',
    '',
    `Version ${String(info.version)}. The machine-readable contract is [openapi.json](openapi.json) (OpenAPI ${String(document.openapi)}); ` +
      '`npm start` serves it at `/openapi.json` and an interactive reference at `/docs`.',
    '',
    String(info.description),
    '',
    '## Authentication',
    '',
  ];
  for (const [name, scheme] of Object.entries(components.securitySchemes as Record<string, Json>)) {
    lines.push(`- \`${name}\`: ${String(scheme.description)}`);
  }
  lines.push('', '## Headers', '');
  for (const name of ['MyPriceAppHostname', 'MyPriceAppHostnameOlder', 'SpaazaApiVersion', 'IdempotencyKey']) {
    const parameter = (components.parameters as Record<string, Json>)[name] as Json;
    lines.push(`- \`${String(parameter.name)}\`: ${String(parameter.description)}`);
  }
  lines.push('', '## Errors', '', '| error | status | `/api` `error` | `/auth` code | `/auth` name | default message |', '|---|---|---|---|---|---|');
  for (const [kind, spec] of Object.entries(errorCatalog)) {
    lines.push(`| ${kind} | ${spec.status} | \`${spec.api}\` | ${spec.code} | \`${spec.spaazaName}\` | ${cell(spec.message)} |`);
  }
  lines.push('');
  const tags = (document.tags ?? []) as Json[];
  const paths = document.paths as Record<string, Json>;
  for (const tag of tags) {
    lines.push(`## ${String(tag.name)}`, '', String(tag.description), '');
    for (const [path, item] of Object.entries(paths)) {
      for (const method of methods) {
        const operation = item[method] as Json | undefined;
        if (operation && (operation.tags as string[]).includes(String(tag.name))) lines.push(...operationSection(document, method, path, operation));
      }
    }
  }
  lines.push('## Schemas', '');
  for (const [name, schema] of Object.entries(components.schemas as Record<string, Json>)) {
    lines.push(`<a id="schema-${name.toLowerCase()}"></a>`, '', `### ${name}`, '');
    const rows = propertyRows(document, schema);
    const variants = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
    if (rows.length > 0) lines.push(...table(rows));
    else if (variants) variants.forEach((variant, index) => lines.push(`One of (${index + 1}):`, '', ...table(propertyRows(document, variant))));
    else lines.push(`Type: ${typeOf(document, schema)}`, '');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
