import { codeHash } from '../code-hash.js';
import type { SourceConfig } from '../config.js';
import type { CleanOptions } from '../clean/index.js';
import type { RawItem } from '../types.js';
import { textDigest } from '../text-digest.js';

/**
 * The folders whose code decides what an item is made into: parsing, the adapters and shared cleaning.
 * (Parsing matters to a file source read again only when its hash changes: fetch/read-source.ts.)
 */
const CLEANING_CODE = [new URL('.', import.meta.url), new URL('../clean/', import.meta.url), new URL('../parse/', import.meta.url)];

/** A hash of the cleaning code: any edit to a rule, an adapter or a shared step cleans every item again. */
export const cleaningCodeHash: string = codeHash(CLEANING_CODE);

/**
 * What makes a source's items besides its documents: the code, how the source picks an adapter and a
 * channel, and the clean options. A file source whose bytes and this are unchanged is not read again.
 */
export function sourceMadeWith(source: SourceConfig, options: CleanOptions, code = cleaningCodeHash): string {
  return JSON.stringify([code, source.id, source.adapter ?? null, source.url !== undefined, options.images, options.script]);
}

/**
 * The content hash a cleaned item is cached under: everything cleaning reads — the raw item, how its
 * source picks an adapter and a channel, the clean options — and the cleaning code itself.
 */
export function cleanKey(raw: RawItem, source: SourceConfig, options: CleanOptions, code = cleaningCodeHash): string {
  const parts = [
    code,
    source.id,
    source.adapter ?? null,
    source.url !== undefined,
    options.images,
    options.script,
    options.leadCharacters ?? null,
    raw.sourceId,
    raw.title ?? null,
    raw.link ?? null,
    raw.published?.getTime() ?? null,
    raw.author ?? null,
    raw.guid ?? null,
    raw.bodyFormat,
    raw.body,
  ];
  return textDigest('sha256', [JSON.stringify(parts)], 'base64url');
}
