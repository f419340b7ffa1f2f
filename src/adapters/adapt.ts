import type { SourceConfig } from '../config.js';
import { cleanItem, type CleanOptions } from '../clean/index.js';
import type { RuleHits } from '../clean/rules.js';
import type { Item, RawItem } from '../types.js';
import { adapterById, detectAdapter } from './registry.js';

export interface AdaptResult {
  items: Item[];
  /** Items whose outlet could not be recognised (no adapter configured, unknown link host). */
  unrecognised: number;
  hits: RuleHits;
}

/**
 * Raw items of one source → clean Items. A source with an `adapter`, or a `url` source, publishes under
 * its own id; a folder of mixed snapshot documents is split by outlet.
 */
export function adaptSource(raws: readonly RawItem[], source: SourceConfig, options: CleanOptions): AdaptResult {
  const hits: RuleHits = {};
  const configured = source.adapter === undefined ? undefined : adapterById(source.adapter);
  const items: Item[] = [];
  let unrecognised = 0;
  for (const raw of raws) {
    const adapter = configured ?? detectAdapter(raw.link, raw.body);
    if (!adapter) {
      unrecognised++;
      continue;
    }
    const channel = configured !== undefined || source.url !== undefined ? source.id : adapter.outlet;
    items.push(cleanItem(raw, adapter, channel, options, hits));
  }
  return { items, unrecognised, hits };
}
