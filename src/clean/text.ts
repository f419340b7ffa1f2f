import { decodeHTML, escapeUTF8 } from 'entities';

/** Escapes text for use inside HTML (& < > " '). */
export const escapeText = (text: string): string => escapeUTF8(text);

/** Runs of whitespace (including U+00A0 and U+202F from source indentation) become one space. */
export const collapseWhitespace = (text: string): string => text.replace(/[\s\u00a0\u202f\u3000]+/g, ' ').trim();

/**
 * A title as plain text. The XML layer has already decoded once; titles carry upstream double escapes
 * (`&#039;`, `&amp;#21328;`) that must be decoded exactly once more, then any stray tags dropped.
 */
export function plainTitle(raw: string, suffixes: readonly RegExp[] = []): string {
  // Control characters cannot appear in XML 1.0 output; a feed that sends one would break the Atom file.
  let title = decodeHTML(raw).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '');
  if (/<[a-z/][^>]*>/i.test(title)) title = title.replace(/<[^>]*>/g, '');
  title = collapseWhitespace(title);
  for (const suffix of suffixes) title = title.replace(suffix, '').trim();
  return title;
}
