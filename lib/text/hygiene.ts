import * as z from 'zod/mini';

/**
 * Text-field hygiene (docs/security.md, Trust under abuse): text is stored NFC-normalized, and control
 * characters (Unicode Cc), format characters (Cf: U+200B, bidi overrides, ...)
 * and lone surrogates are refused, so `"FREE\u200b"` can never pass for FREE.
 */
const controlOrFormat = /[\p{Cc}\p{Cf}]/u;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: code units). */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const uncleanTextMessage = 'must not contain control or invisible format characters or unpaired surrogates';

/** True when `text` is well-formed UTF-16 with no control or format character. */
export function isCleanText(text: string): boolean {
  return !loneSurrogate.test(text) && !controlOrFormat.test(text);
}

/** Checks for a zod string schema: refuse unclean text, then store its NFC form. */
export const cleanTextChecks = [z.refine<string>(isCleanText, uncleanTextMessage), z.overwrite<string>((text) => text.normalize('NFC'))] as const;
