import { routes, type Route } from './routes.js';

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

const compiled: CompiledRoute[] = routes.map((route) => {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}/?$`), names };
});

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Routes whose path matches, whatever their method. */
export function routesForPath(path: string): RouteMatch[] {
  const matches: RouteMatch[] = [];
  for (const { route, pattern, names } of compiled) {
    const found = pattern.exec(path);
    if (!found) continue;
    const pathParameters: Record<string, string> = {};
    names.forEach((name, index) => {
      pathParameters[name] = decodeSegment(found[index + 1] ?? '');
    });
    matches.push({ route, pathParameters });
  }
  return matches;
}

export function matchRoute(method: string, path: string): RouteMatch | undefined {
  return routesForPath(path).find((match) => match.route.method === method.toUpperCase());
}

export function allowedMethods(path: string): string[] {
  return routesForPath(path).map((match) => match.route.method);
}
