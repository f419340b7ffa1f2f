import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { IssuedStoryIds } from '../dedup/index.js';
import type { ItemHead } from '../types.js';
import { codeHash } from '../code-hash.js';
import { version } from '../version.js';

/** The code that merges and renders: outputs made by other code are made again, version bumped or not. */
const OUTPUT_CODE = codeHash([new URL('../dedup/', import.meta.url), new URL('../emit/', import.meta.url)]);

/**
 * A hash of everything dedup and emit read: every item as the build holds it (first-seen time included,
 * its article by the hash its head carries), the story ids already issued, the config that shapes
 * stories and feeds, huiliu's version and the code of dedup and emit. Equal hashes mean equal stories
 * and equal output files, so a run whose hash matches the last published one has nothing to merge or
 * write. Items are hashed one by one: 100k items never become one string.
 */
export function outputsFingerprint(items: readonly ItemHead[], issued: IssuedStoryIds, config: Config): string {
  const hash = createHash('sha256');
  const { title, subtitle, baseUrl, formats, dedup } = config;
  hash.update(JSON.stringify([version, OUTPUT_CODE, title, subtitle ?? null, baseUrl ?? null, formats, dedup, config.retention.maxStories, config.sources.map((s) => s.id)]));
  for (const item of items) {
    // Every field (the type says which: a new Item field fails to compile here), in a fixed order, since
    // an item read back from the store has its keys in another order.
    const fields: Record<keyof ItemHead, unknown> = {
      id: item.id,
      sourceId: item.sourceId,
      outlet: item.outlet,
      channel: item.channel,
      link: item.link,
      title: item.title,
      author: item.author,
      published: item.published?.getTime(),
      contentDigest: item.contentDigest,
      textLength: item.textLength,
      firstSeen: item.firstSeen?.getTime(),
    };
    hash.update(JSON.stringify([...Object.values(fields).map((field) => field ?? null), issued.get(item.id) ?? null]));
  }
  return hash.digest('hex');
}
