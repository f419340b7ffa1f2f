import type { SourceConfig } from '../config.js';
import type { CleanOptions } from '../clean/index.js';
import type { RuleHits } from '../clean/rules.js';
import type { RawItem } from '../types.js';
import { adaptEach, type Adapted } from './adapt-each.js';
import type { AdaptResult } from './adapt.js';
import { cleanKey } from './clean-key.js';
import { CleanPool } from './pool.js';

/** Cleaned items of earlier runs by content hash (`cleanKey`); the store keeps them. */
export interface CleanCache {
  get(key: string): Adapted | undefined;
}

/** What one build did with the cache: results made now, and keys of results reused. */
export interface CleanCacheUse {
  fresh: Map<string, Adapted>;
  reused: Set<string>;
}

/**
 * Items to clean in one build before a worker pool pays for its start: each thread loads cheerio,
 * sanitize-html and jieba's dictionaries (about a second of CPU), against about 0.7 ms per item to clean
 * and segment on one core. Five feedx sources (at most about 1,000 items) never start it.
 */
export const POOL_MIN_ITEMS = 2000;

/**
 * Every source's raw items → clean Items, as `adaptSource` makes them, at less cost: an item cleaned by
 * an earlier run (same content hash) is taken from the cache, and once a build has more than
 * POOL_MIN_ITEMS to clean, the rest is cleaned on every core. One Cleaner serves one build.
 */
export class Cleaner {
  readonly use: CleanCacheUse = { fresh: new Map(), reused: new Set() };
  private toClean = 0;
  private pool: CleanPool | undefined;
  private poolTried = false;

  constructor(
    private readonly options: CleanOptions,
    private readonly cache?: CleanCache,
    private readonly startPool: () => CleanPool | undefined = () => CleanPool.start(),
    private readonly poolMinItems = POOL_MIN_ITEMS,
  ) {}

  async adaptSource(raws: readonly RawItem[], source: SourceConfig): Promise<AdaptResult> {
    const keys = raws.map((raw) => cleanKey(raw, source, this.options));
    const results: Array<Adapted | undefined> = keys.map((key) => this.use.fresh.get(key) ?? this.cache?.get(key));
    const missing = raws.flatMap((raw, i) => (results[i] === undefined ? [i] : []));
    for (const [i, key] of keys.entries()) if (results[i] !== undefined && !this.use.fresh.has(key)) this.use.reused.add(key);

    const made = await this.clean(missing.map((i) => raws[i]!), source);
    missing.forEach((i, n) => {
      results[i] = made[n]!;
      this.use.fresh.set(keys[i]!, made[n]!);
    });
    return summed(results as Adapted[]);
  }

  private async clean(raws: readonly RawItem[], source: SourceConfig): Promise<Adapted[]> {
    if (raws.length === 0) return [];
    this.toClean += raws.length;
    if (!this.poolTried && this.toClean >= this.poolMinItems) {
      this.poolTried = true;
      this.pool = this.startPool();
    }
    return this.pool ? this.pool.adaptEach(raws, source, this.options) : adaptEach(raws, source, this.options);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

function summed(results: readonly Adapted[]): AdaptResult {
  const hits: RuleHits = {};
  let unrecognised = 0;
  const items = [];
  for (const result of results) {
    for (const [rule, n] of Object.entries(result.hits)) hits[rule] = (hits[rule] ?? 0) + n;
    if (result.item === undefined) unrecognised++;
    else items.push(result.item);
  }
  return { items, unrecognised, hits };
}
