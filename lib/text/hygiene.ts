import * as z from 'zod/mini';
import { isSingleScript } from './scripts.js';

/**
 * Text-field hygiene (docs/security.md, Trust under abuse): text is stored NFC-normalized;
 * refused are control characters (Cc), format characters (Cf: U+200B, bidi overrides, ...),
 * Unicode default-ignorable code points (U+034F, the Hangul fillers U+3164,
 * U+115F, U+1160, U+FFA0, ...), blank pattern characters (U+2800) and lone
 * surrogates, so `"FREE\u3164"` can never pass for FREE.
 */
const invisible = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u115F\u1160\u2800\u3164\uFFA0]/u;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: code units). */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const uncleanTextMessage = 'must not contain control, invisible or blank look-alike characters or unpaired surrogates';
export const mixedScriptMessage = 'must not mix letters of different scripts (for example Latin with a Cyrillic look-alike)';

/** True when `text` is well-formed UTF-16 with no control, format, default-ignorable or blank look-alike character. */
export function isCleanText(text: string): boolean {
  return !loneSurrogate.test(text) && !invisible.test(text);
}

/** Identifiers (statuses, variant and application names) must also be single-script (UTS #39). */
export function isCleanIdentifier(text: string): boolean {
  return isCleanText(text) && isSingleScript(text.normalize('NFC'));
}

/** The reason an identifier is refused, or undefined when it is clean. */
export function identifierProblem(text: string): string | undefined {
  if (!isCleanText(text)) return uncleanTextMessage;
  if (!isSingleScript(text.normalize('NFC'))) return mixedScriptMessage;
  return undefined;
}

/** Checks for a zod string schema: refuse unclean text, then store its NFC form. */
export const cleanTextChecks = [z.refine<string>(isCleanText, uncleanTextMessage), z.overwrite<string>((text) => text.normalize('NFC'))] as const;

/** Checks for an identifier schema: clean text of a single script, stored in NFC. */
export const cleanIdentifierChecks = [
  z.refine<string>(isCleanText, uncleanTextMessage),
  z.refine<string>((text) => isSingleScript(text.normalize('NFC')), mixedScriptMessage),
  z.overwrite<string>((text) => text.normalize('NFC')),
] as const;
