import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * lib/ is what the functions bundle and infra/ is the deployment: neither may import the
 * developer tooling in tools/ (docs/architecture.md "Tools"). The portal modules infra
 * reads (portal/build.ts, portal/headers.ts) may not either.
 */
const projectRoot = join(import.meta.dirname, '..');
const toolsDir = join(projectRoot, 'tools');

function sourceFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return /\.(ts|tsx|js)$/.test(path) ? [path] : [];
  return readdirSync(path).flatMap((name) => sourceFiles(join(path, name)));
}

/** Relative specifiers of static imports, re-exports and dynamic imports. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier));
}

describe('tools/ boundary', () => {
  it('has nothing in lib/, functions/, infra/ or the portal modules infra reads import tools/', () => {
    const files = [...['lib', 'functions', 'infra'].flatMap((dir) => sourceFiles(join(projectRoot, dir))), join(projectRoot, 'portal', 'build.ts'), join(projectRoot, 'portal', 'headers.ts')];
    expect(files.length).toBeGreaterThan(50);
    const offending = files.flatMap((file) =>
      relativeImports(file)
        .filter((target) => target === toolsDir || target.startsWith(toolsDir + '/'))
        .map((target) => `${relative(projectRoot, file)} imports ${relative(projectRoot, target)}`),
    );
    expect(offending).toEqual([]);
  });
});
