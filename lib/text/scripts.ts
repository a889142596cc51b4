/**
 * UTS #39 §5.1 "single script" check (the resolved script set of a string is
 * not empty). Written here because no maintained npm package implements it
 * over JS's own Unicode tables: each character's Script_Extensions comes from
 * the regex engine (`\p{scx=…}`), Common and Inherited match every script, and
 * Han, Hiragana, Katakana, Hangul and Bopomofo are augmented as UTS #39 says
 * (Jpan, Kore, Hanb), so "日本語かな" and "한국어" are single-script.
 */
const scripts = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko', 'Devanagari', 'Bengali',
  'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan',
  'Myanmar', 'Georgian', 'Hangul', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Ogham', 'Runic', 'Khmer', 'Mongolian',
  'Hiragana', 'Katakana', 'Bopomofo', 'Han', 'Yi', 'Coptic', 'Tifinagh', 'Vai', 'Javanese', 'Balinese', 'Sundanese',
] as const;
type Script = (typeof scripts)[number] | 'Other';

const matchers = scripts.map((name) => [name, new RegExp(`^\\p{scx=${name}}$`, 'u')] as const);
const neutral = /^[\p{scx=Common}\p{scx=Inherited}]$/u;

/** UTS #39 augmentation: a Han character also counts as Japanese and Korean writing, and so on. */
const augmented: Partial<Record<Script, Script[]>> = {
  Han: ['Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo'],
  Hiragana: ['Hiragana', 'Han', 'Katakana'],
  Katakana: ['Katakana', 'Han', 'Hiragana'],
  Hangul: ['Hangul', 'Han'],
  Bopomofo: ['Bopomofo', 'Han'],
};

function scriptSet(char: string): Set<Script> | undefined {
  if (neutral.test(char)) return undefined; // matches any script
  const found = new Set<Script>();
  for (const [name, matcher] of matchers) {
    if (matcher.test(char)) for (const script of augmented[name] ?? [name]) found.add(script);
  }
  // a letter of a script not listed here is its own script: it mixes with nothing listed
  if (found.size === 0) found.add('Other');
  return found;
}

/** True when every character of `text` can be written in one script (Common/Inherited characters fit any). */
export function isSingleScript(text: string): boolean {
  let resolved: Set<Script> | undefined;
  for (const char of text) {
    const set = scriptSet(char);
    if (!set) continue;
    resolved = resolved ? new Set([...resolved].filter((script) => set.has(script))) : set;
    if (resolved.size === 0) return false;
  }
  return true;
}
