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
  const adapted = raws.map((raw): Adapted => {
    const { items, hits } = adaptSource([raw], source, options);
    const item = items[0];
    return item === undefined ? { hits } : { item, hits };
  });
  // Words after all the cleaning, not item by item: segmenting reads jieba's dictionary and cleaning
  // reads the HTML libraries' code and data, and taking turns item by item made each evict the other
  // from the processor's caches (segmenting ran at half its speed).
  const { leadCharacters } = options;
  if (leadCharacters !== undefined) for (const { item } of adapted) if (item !== undefined) item.terms = encodeTerms(item, leadCharacters);
  return adapted;
}
