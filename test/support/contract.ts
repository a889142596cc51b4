import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { artifactPaths, projectRoot } from '../../tools/openapi/artifacts.js';
import { errorStyleForPath } from '../../lib/http/responses.js';
import { errorCatalog } from '../../lib/http/error-catalog.js';
import { matchRoute, routesForPath } from '../../lib/route-matching.js';
import type { HttpResult } from './http.js';

/**
 * Checks real HTTP answers against the committed docs/openapi.json with ajv (JSON
 * Schema 2020-12, OpenAPI 3.1's dialect): the answer's status must be documented
 * for its operation and its body must match that status's schema. Records which
 * operations, statuses and error names were seen, for the coverage checks.
 */

type Json = Record<string, unknown>;
const documentUri = 'https://signet.invalid/openapi.json';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const pointer = (...segments: string[]) => segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export interface Observation {
  operation: string;
  status: number;
  errorName?: string;
}

export class ContractChecker {
  readonly document: Json;
  readonly observations: Observation[] = [];
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    this.document = JSON.parse(readFileSync(join(projectRoot, artifactPaths.document), 'utf8')) as Json;
    // strict: false, because the document carries OpenAPI keywords around its schemas.
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...this.document, $id: documentUri });
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${documentUri}#/${ref}` });
      this.validators.set(ref, validate);
    }
    return validate;
  }

  private operations(): Array<{ method: string; path: string; operation: Json }> {
    const paths = this.document.paths as Record<string, Record<string, Json>>;
    return Object.entries(paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ method, path, operation })));
  }

  /** Throws unless the answer is documented for this request and its body matches the documented schema. */
  check(method: string, url: string, result: HttpResult): void {
    const pathname = new URL(url, 'http://localhost').pathname;
    const match = matchRoute(method.toUpperCase(), pathname);
    const context = `${method.toUpperCase()} ${pathname} -> ${result.status} ${result.text.slice(0, 300)}`;
    if (!match) {
      this.checkRouteTableAnswer(pathname, result, context);
      return;
    }
    const key = `${match.route.method} ${match.route.path}`;
    const responses = ((this.document.paths as Record<string, Record<string, Json>>)[match.route.path]?.[match.route.method.toLowerCase()]?.responses ?? {}) as Record<string, Json>;
    if (!responses[String(result.status)] || responses[String(result.status)]?.$ref) throw new Error(`Status ${result.status} is not documented for ${key}: ${context}`);
    this.validate(pointer('paths', match.route.path, match.route.method.toLowerCase(), 'responses', String(result.status), 'content', 'application/json', 'schema'), result, context);
    this.checkHeaders(responses[String(result.status)], result, context);
    this.observations.push({ operation: key, status: result.status, errorName: result.status >= 400 ? this.errorName(result.json) : undefined });
  }

  /**
   * No operation matches: a known path with another method must be the 405 every operation
   * of its path item documents (body, Allow = the path item's methods); an unknown path
   * (which OpenAPI cannot list) the 404 the document's info describes.
   */
  private checkRouteTableAnswer(pathname: string, result: HttpResult, context: string): void {
    const routePath = routesForPath(pathname)[0]?.route.path;
    if (routePath === undefined) {
      if (result.status !== 404) throw new Error(`No documented operation: ${context}`);
      const style = errorStyleForPath(pathname);
      this.validate(pointer('components', 'schemas', style === 'auth' ? 'AuthError' : 'ApiError'), result, context);
      const spec = errorCatalog.routeNotFound;
      const expected = style === 'auth' ? spec.spaazaName : spec.api;
      if (this.errorName(result.json) !== expected) throw new Error(`An unknown path must answer ${expected}: ${context}`);
      this.observations.push({ operation: 'unknown path', status: 404, errorName: expected });
      return;
    }
    const item = (this.document.paths as Record<string, Record<string, Json>>)[routePath] ?? {};
    const [method, operation] = Object.entries(item)[0] ?? [];
    const listed = ((operation?.responses ?? {}) as Record<string, Json>)[String(result.status)];
    if (!method || result.status !== 405 || !listed) throw new Error(`Status ${result.status} is not documented for another method on ${routePath}: ${context}`);
    const response = listed.$ref ? this.resolve(listed.$ref as string) : listed;
    this.validate(`${pointer(...(listed.$ref ? (listed.$ref as string).replace(/^#\//, '').split('/') : ['paths', routePath, method, 'responses', '405']))}/content/application~1json/schema`, result, context);
    this.checkHeaders(response, result, context);
    const allowed = Object.keys(item).map((name) => name.toUpperCase()).sort().join(', ');
    const allow = (result.headers.allow ?? '').split(',').map((name) => name.trim()).sort().join(', ');
    if (allow !== allowed) throw new Error(`Allow is ${allow}, the document's methods for ${routePath} are ${allowed}: ${context}`);
    this.observations.push({ operation: `another method on ${routePath}`, status: 405, errorName: this.errorName(result.json) });
  }

  private checkHeaders(response: Json | undefined, result: HttpResult, context: string): void {
    for (const [name, header] of Object.entries((response?.headers ?? {}) as Record<string, Json>)) {
      const required = (header.$ref ? this.resolve(header.$ref as string) : header).required === true;
      if (required && result.headers[name.toLowerCase()] === undefined) throw new Error(`Documented header ${name} is missing: ${context}`);
    }
  }

  private validate(ref: string, result: HttpResult, context: string): void {
    if (!/^application\/json/.test(result.headers['content-type'] ?? '')) throw new Error(`Not a JSON answer: ${context}`);
    const validate = this.validator(ref);
    if (!validate(result.json)) {
      throw new Error(`Body does not match the documented schema: ${context}\n${JSON.stringify(validate.errors, null, 2)}`);
    }
  }

  private resolve(ref: string): Json {
    return ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.document) as Json;
  }

  private errorName(body: unknown): string | undefined {
    const error = (body as { error?: unknown } | undefined)?.error;
    if (typeof error === 'string') return error;
    return (error as { name?: string } | undefined)?.name;
  }

  /** Every operation the document lists, as `METHOD path`. */
  documentedOperations(): string[] {
    return this.operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
  }

  /** Every error name an operation documents (`/api` `error` values and `/auth` `error.name` values). */
  documentedErrorNames(): string[] {
    const names = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (!node || typeof node !== 'object') return;
      const record = node as Json;
      const error = (record.properties as Json | undefined)?.error as Json | undefined;
      if (error && Array.isArray(error.enum)) (error.enum as string[]).forEach((name) => names.add(name));
      const name = (record.properties as Json | undefined)?.name as Json | undefined;
      if (name && typeof name.const === 'string' && (record.properties as Json).code) names.add(name.const);
      Object.values(record).forEach(collect);
    };
    for (const { operation } of this.operations()) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        if (Number(status) >= 400) collect((response.$ref ? this.resolve(response.$ref as string) : response).content);
      }
    }
    return [...names].sort();
  }
}
