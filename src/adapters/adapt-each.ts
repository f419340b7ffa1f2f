import type { SourceConfig } from '../config.js';
import type { CleanOptions } from '../clean/index.js';
import type { RuleHits } from '../clean/rules.js';
import type { RawItem, Item } from '../types.js';
import { adaptSource } from './adapt.js';
import { encodeTerms } from '../dedup/terms.js';

/** What adapting one raw item gave: the clean item (none when its outlet is unrecognised) and the rules that fired. */
export interface Adapted {
  item?: Item;
  hits: RuleHits;
}

/**
 * `adaptSource` item by item, keeping each item's own rule hits, so a result can be cached per item
 * or made in another thread and still add up to the same source report.
 */
export function adaptEach(raws: readonly RawItem[], source: SourceConfig, options: CleanOptions): Adapted[] {
  return raws.map((raw) => {
    const { items, hits } = adaptSource([raw], source, options);
    const item = items[0];
    if (item === undefined) return { hits };
    if (options.leadCharacters !== undefined) item.terms = encodeTerms(item, options.leadCharacters);
    return { item, hits };
  });
}
