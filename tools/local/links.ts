/**
 * The pages `npm start` lists in its start-up banner, in order: one entry per thing a
 * person opens. Whoever serves a new page from the local server (API docs, a portal)
 * adds its entry here, and the banner shows it.
 */
export interface LocalLink {
  /** What it is, e.g. "API". */
  name: string;
  /** Path on the local server. */
  path: string;
  /** A hint printed after the URL. */
  hint?: string;
}

export const localLinks: LocalLink[] = [
  { name: 'API', path: '/health', hint: 'every route of lib/routes.ts; README has a curl walk-through' },
  { name: 'Developer portal', path: '/', hint: 'sign up, applications, secrets, users, readiness' },
  { name: 'API reference', path: '/docs', hint: 'Swagger UI of docs/openapi.json' },
  { name: 'OpenAPI document', path: '/openapi.json' },
];

/** The banner's lines: each link's name, its full URL and its hint, aligned. */
export function linkLines(baseUrl: string, links: readonly LocalLink[] = localLinks): string[] {
  const width = Math.max(...links.map((link) => link.name.length));
  return links.map((link) => `  ${link.name.padEnd(width)}  ${baseUrl}${link.path}${link.hint ? `  (${link.hint})` : ''}`);
}
