import type { SourceConfig } from '../config.js';
import type { CleanOptions } from '../clean/index.js';
import type { RuleHits } from '../clean/rules.js';
import { ContentShelf } from '../store/shelf.js';
import type { ItemHead, RawItem } from '../types.js';
import { adaptEach, type Adapted } from './adapt-each.js';
import { cleanKey } from './clean-key.js';
import { CleanPool } from './pool.js';

/** Cleaned items of earlier runs by content hash (`cleanKey`); the store keeps them. */
export interface CleanCache {
  get(key: string): Adapted | undefined;
}

/** One raw item's result in a build: the item's head (its article on the build's shelf) and the rules that fired. */
export interface Shelved {
  item?: ItemHead;
  hits: RuleHits;
}

/** One source's clean items, as heads: their articles are on the Cleaner's shelf. */
export interface CleanedSource {
  items: ItemHead[];
  unrecognised: number;
  hits: RuleHits;
}

/** What one build did with the cache: results made now (articles on the shelf), and keys of results reused. */
export interface CleanCacheUse {
  fresh: Map<string, Shelved>;
  reused: Set<string>;
}

/**
 * Items to clean in one build before a worker pool pays for its start: each thread loads cheerio,
 * sanitize-html and jieba's dictionaries (about a second of CPU), against about 0.7 ms per item to clean
 * and segment on one core. Five feedx sources (at most about 1,000 items) never start it.
 */
export const POOL_MIN_ITEMS = 2000;

/** How a Cleaner runs; every field has a default. */
export interface CleanerSetup {
  /** Starts the worker pool; `CleanPool.start()` by default. */
  startPool?: () => CleanPool | undefined;
  /** Items to clean before the pool pays (POOL_MIN_ITEMS). */
  poolMinItems?: number;
  /** Where the articles go (a new in-memory shelf by default). */
  shelf?: ContentShelf;
  /**
   * Sources in the build: with the first source's size, an estimate of the whole build, so a large one
   * starts the pool at once instead of after POOL_MIN_ITEMS items cleaned on the main thread (which
   * would load cheerio, sanitize-html and jieba's dictionaries there for nothing).
   */
  sources?: number;
}

/**
 * Every source's raw items → clean Items, as `adaptSource` makes them, at less cost: an item cleaned by
 * an earlier run (same content hash) is taken from the cache, and once a build has (or is expected to
 * have) more than POOL_MIN_ITEMS to clean, they are cleaned on every core. Each item's article goes on
 * the shelf as soon as it is made, and the Cleaner hands back heads. One Cleaner serves one build.
 */
export class Cleaner {
  readonly use: CleanCacheUse = { fresh: new Map(), reused: new Set() };
  readonly shelf: ContentShelf;
  private toClean = 0;
  private pool: CleanPool | undefined;
  private poolTried = false;
  private readonly startPool: () => CleanPool | undefined;
  private readonly poolMinItems: number;
  private readonly sources: number;
  private expected: number | undefined;

  constructor(
    private readonly options: CleanOptions,
    private readonly cache?: CleanCache,
    setup: CleanerSetup = {},
  ) {
    this.startPool = setup.startPool ?? (() => CleanPool.start());
    this.poolMinItems = setup.poolMinItems ?? POOL_MIN_ITEMS;
    this.shelf = setup.shelf ?? new ContentShelf();
    this.sources = setup.sources ?? 1;
  }

  async adaptSource(raws: readonly RawItem[], source: SourceConfig): Promise<CleanedSource> {
    const keys = raws.map((raw) => cleanKey(raw, source, this.options));
    const results: Array<Shelved | undefined> = keys.map((key) => this.use.fresh.get(key));
    const cached = keys.map((key, i) => (results[i] === undefined ? this.cache?.get(key) : undefined));
    for (const [i, key] of keys.entries()) {
      const hit = cached[i];
      if (hit === undefined) continue;
      results[i] = this.shelved(hit);
      this.use.reused.add(key);
    }
    const missing = raws.flatMap((_, i) => (results[i] === undefined ? [i] : []));
    // The first source read stands for every source: as much to clean in each.
    this.expected ??= missing.length * this.sources;
    const made = await this.clean(missing.map((i) => raws[i]!), source);
    missing.forEach((i, n) => {
      results[i] = this.shelved(made[n]!);
      this.use.fresh.set(keys[i]!, results[i]!);
    });
    return summed(results as Shelved[]);
  }

  /** The result with its article (and dedup's words) on the shelf. */
  private shelved({ item, hits }: Adapted): Shelved {
    if (item === undefined) return { hits };
    const [head] = this.shelf.shelve([item]);
    return { item: head!, hits };
  }

  private async clean(raws: readonly RawItem[], source: SourceConfig): Promise<Adapted[]> {
    if (raws.length === 0) return [];
    this.toClean += raws.length;
    if (!this.poolTried && Math.max(this.toClean, this.expected ?? 0) >= this.poolMinItems) {
      this.poolTried = true;
      this.pool = this.startPool();
    }
    return this.pool ? this.pool.adaptEach(raws, source, this.options) : adaptEach(raws, source, this.options);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

function summed(results: readonly Shelved[]): CleanedSource {
  const hits: RuleHits = {};
  let unrecognised = 0;
  const items: ItemHead[] = [];
  for (const result of results) {
    for (const [rule, n] of Object.entries(result.hits)) hits[rule] = (hits[rule] ?? 0) + n;
    if (result.item === undefined) unrecognised++;
    else items.push(result.item);
  }
  return { items, unrecognised, hits };
}
