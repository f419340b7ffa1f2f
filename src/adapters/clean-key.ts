import { createHash } from 'node:crypto';
import type { SourceConfig } from '../config.js';
import type { CleanOptions } from '../clean/index.js';
import type { RawItem } from '../types.js';
import { version } from '../version.js';
import { adapters } from './registry.js';

/**
 * Bump when shared cleaning (src/clean) changes what it makes of the same input: every cached item is
 * then cleaned again. Adapter rules and huiliu's version are part of the key already (below).
 */
export const CLEAN_RULES_VERSION = 1;

/**
 * What the adapters are today, data rules and code alike (`String(fn)` is a function's source), so an
 * edited rule or lift invalidates the cache without anyone remembering to bump a number.
 */
const adaptersFingerprint = createHash('sha256')
  .update(
    JSON.stringify(
      adapters.map((a) => [
        a.id,
        a.rules.drop,
        a.rules.unwrap,
        a.rules.dropBlocksMatching.map(String),
        a.rules.titleSuffixes.map(String),
        [a.recognisesText, a.textToHtml, a.lift, a.rewrite, a.deriveTitle].map((fn) => (fn === undefined ? '' : String(fn))),
      ]),
    ),
  )
  .digest('hex');

/**
 * The content hash a cleaned item is cached under: everything cleaning reads — the raw item, how its
 * source picks an adapter and a channel, the clean options — and the version of the rules.
 */
export function cleanKey(raw: RawItem, source: SourceConfig, options: CleanOptions, rulesVersion = CLEAN_RULES_VERSION): string {
  const parts = [
    rulesVersion,
    version,
    adaptersFingerprint,
    source.id,
    source.adapter ?? null,
    source.url !== undefined,
    options.images,
    options.script,
    raw.sourceId,
    raw.title ?? null,
    raw.link ?? null,
    raw.published?.getTime() ?? null,
    raw.author ?? null,
    raw.guid ?? null,
    raw.bodyFormat,
    raw.body,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
