/** The >= 1.4.10 vocabulary (docs/api.md, Sessions). */
export const genderWords = [
  'male',
  'female',
  'nonbinary',
  'transgender',
  'agender',
  'genderqueer',
  'genderfluid',
  'bigender',
  'twospirit',
  'androgynous',
  'pangender',
  'neutrois',
  'demigender',
  'other',
] as const;

/** A Map, not an object literal: input such as `__proto__` or `constructor` must never reach inherited properties (docs/security.md, Trust under abuse). */
const letterAliases: ReadonlyMap<string, string> = new Map([
  ['m', 'male'],
  ['f', 'female'],
]);

/** The stored word for an input (a word of the list or M/F, any case), or undefined when invalid. */
export function normalizeGender(input: string): string | undefined {
  const value = input.trim().toLowerCase();
  const alias = letterAliases.get(value);
  if (alias !== undefined) return alias;
  return (genderWords as readonly string[]).includes(value) ? value : undefined;
}
