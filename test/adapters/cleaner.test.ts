import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFeeds } from '../../bench/feeds-generator.js';
import { adaptSource } from '../../src/adapters/adapt.js';
import { adaptEach, type Adapted } from '../../src/adapters/adapt-each.js';
import { cleaningCodeHash, cleanKey } from '../../src/adapters/clean-key.js';
import { Cleaner, type CleanCache } from '../../src/adapters/cleaner.js';
import { CleanPool } from '../../src/adapters/pool.js';
import { loadConfig, type Config, type SourceConfig } from '../../src/config.js';
import { parseDocument } from '../../src/parse/index.js';
import { ContentShelf, headOf } from '../../src/store/shelf.js';
import type { RawItem } from '../../src/types.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The compiled worker: `npm test` builds dist/ before vitest runs, and a worker thread cannot load TypeScript. */
const COMPILED_WORKER = new URL('../../dist/adapters/pool-worker.js', import.meta.url);

/** 300 generated feedx-like items of all five outlets (bench/feeds-generator.ts), as parsed raw items per source. */
let config: Config;
let batches: Array<{ source: SourceConfig; raws: RawItem[] }>;

beforeAll(async () => {
  const { configFile } = generateFeeds(tempDir('huiliu-cleaner-'), 300);
  const loaded = await loadConfig(configFile);
  config = loaded.config;
  batches = config.sources.map((source) => ({
    source,
    raws: parseDocument({ name: source.id, text: readFileSync(path.resolve(loaded.dir, source.path!), 'utf8') }, source.id),
  }));
});

const options = (): Config => config;

describe('cleanKey', () => {
  const source: SourceConfig = { id: 'voa', adapter: 'voa', path: 'voa.xml' };
  const raw: RawItem = { sourceId: 'voa', title: 't', link: 'https://www.voachinese.com/a/1.html', body: '<p>正文</p>', bodyFormat: 'html' };
  const key = cleanKey(raw, source, { images: 'keep', script: 'keep' });

  it('is the same for the same input, and changes with the body, the cleaning code and the clean options', () => {
    expect(cleanKey({ ...raw }, { ...source }, { images: 'keep', script: 'keep' })).toBe(key);
    expect(cleanKey({ ...raw, body: '<p>正文。</p>' }, source, { images: 'keep', script: 'keep' })).not.toBe(key);
    expect(cleanKey(raw, source, { images: 'keep', script: 'keep' }, `${cleaningCodeHash}, edited`)).not.toBe(key);
    expect(cleanKey(raw, source, { images: 'unwrap', script: 'keep' })).not.toBe(key);
    expect(cleanKey(raw, source, { images: 'keep', script: 'simplified' })).not.toBe(key);
    expect(cleanKey({ ...raw, title: 't2' }, source, { images: 'keep', script: 'keep' })).not.toBe(key);
    expect(cleanKey(raw, { ...source, id: 'voa2' }, { images: 'keep', script: 'keep' })).not.toBe(key);
  });
});

describe('the Cleaner', () => {
  it('gives what adaptSource gives: the same items (as heads, articles on its shelf), unrecognised count and rule hits', async () => {
    // A shelf that spills after 100 items: most of these articles are read back from its temporary file.
    const cleaner = new Cleaner(options(), undefined, { startPool: () => undefined, shelf: new ContentShelf({ spillAfter: 100 }) });
    for (const { source, raws } of batches) {
      const result = await cleaner.adaptSource(raws, source);
      const expected = adaptSource(raws, source, options());
      expect(result.items).toEqual(expected.items.map(headOf));
      expect({ ...result, items: result.items.map((head) => cleaner.shelf.itemOf(head)) }).toEqual(expected);
    }
    expect(cleaner.shelf.spilled).toBe(true);
    cleaner.shelf.close();
    await cleaner.close();
  });

  it('takes a cached item instead of cleaning it again, and records what it reused and made', async () => {
    const { source, raws } = batches[0]!;
    const [first, second] = raws;
    const cachedItem = { ...adaptEach([first!], source, options())[0]!.item!, title: 'from the cache' };
    const entries = new Map<string, Adapted>([[cleanKey(first!, source, options()), { item: cachedItem, hits: { rule: 2 } }]]);
    const cache: CleanCache = { get: (key) => entries.get(key) };
    const cleaner = new Cleaner(options(), cache, { startPool: () => undefined });

    const result = await cleaner.adaptSource([first!, second!], source);
    expect(cleaner.shelf.itemOf(result.items[0]!)).toEqual(cachedItem);
    expect(cleaner.shelf.itemOf(result.items[1]!)).toEqual(adaptSource([second!], source, options()).items[0]);
    expect(result.hits['rule']).toBe(2);
    expect([...cleaner.use.reused]).toEqual([cleanKey(first!, source, options())]);
    expect([...cleaner.use.fresh.keys()]).toEqual([cleanKey(second!, source, options())]);
  });

  it('misses the cache when the clean options change', async () => {
    const { source, raws } = batches[0]!;
    const made = new Cleaner(options(), undefined, { startPool: () => undefined });
    await made.adaptSource(raws, source);
    const cache: CleanCache = {
      get: (key) => {
        const result = made.use.fresh.get(key);
        return result && { hits: result.hits, ...(result.item ? { item: made.shelf.itemOf(result.item) } : {}) };
      },
    };
    const unwrapping = new Cleaner({ ...options(), images: 'unwrap' }, cache, { startPool: () => undefined });
    await unwrapping.adaptSource(raws, source);
    expect(unwrapping.use.reused.size).toBe(0);
    expect(unwrapping.use.fresh.size).toBe(new Set(raws.map((raw) => cleanKey(raw, source, options()))).size);
  });
});

describe('the worker pool', () => {
  let pool: CleanPool | undefined;
  afterAll(async () => pool?.close());

  it('cleans exactly as one thread does, in order, across tasks', async () => {
    pool = CleanPool.start({ workerFile: COMPILED_WORKER, threads: 2 });
    expect(pool).toBeDefined();
    for (const { source, raws } of batches) {
      const pooled = await pool!.adaptEach(raws, source, options());
      expect(pooled).toEqual(adaptEach(raws, source, options()));
    }
  });

  it('is used by the Cleaner once a build has enough to clean, with the same results', async () => {
    let started = 0;
    const startPool = () => {
      started++;
      return CleanPool.start({ workerFile: COMPILED_WORKER, threads: 2 });
    };
    // Not for 300 items at the default threshold …
    const small = new Cleaner(options(), undefined, { startPool, sources: batches.length });
    for (const { source, raws } of batches) await small.adaptSource(raws, source);
    await small.close();
    expect(started).toBe(0);
    // … but at a lower one.
    const cleaner = new Cleaner(options(), undefined, { startPool, poolMinItems: 200 });
    const results = [];
    for (const { source, raws } of batches) {
      const result = await cleaner.adaptSource(raws, source);
      results.push({ ...result, items: result.items.map((head) => cleaner.shelf.itemOf(head)) });
    }
    await cleaner.close();
    expect(started).toBe(1);
    expect(results).toEqual(batches.map(({ source, raws }) => adaptSource(raws, source, options())));
  });

  it('is started with the first source when the build\'s sources, each that size, would be enough', async () => {
    let started = 0;
    const startPool = () => {
      started++;
      return CleanPool.start({ workerFile: COMPILED_WORKER, threads: 2 });
    };
    const { source, raws } = batches[0]!;
    const poolMinItems = raws.length + 1;
    // One source of that size is not enough …
    const alone = new Cleaner(options(), undefined, { startPool, poolMinItems, sources: 1 });
    await alone.adaptSource(raws, source);
    await alone.close();
    expect(started).toBe(0);
    // … two of them are: the pool cleans the first one already.
    const two = new Cleaner(options(), undefined, { startPool, poolMinItems, sources: 2 });
    const result = await two.adaptSource(raws, source);
    await two.close();
    expect(started).toBe(1);
    expect(result.items.map((head) => two.shelf.itemOf(head))).toEqual(adaptSource(raws, source, options()).items);
  });

  it('is not started for one thread (`threads: 1`): cleaning stays on the main thread', () => {
    expect(CleanPool.start({ workerFile: COMPILED_WORKER, threads: 1 })).toBeUndefined();
  });

  it('is not started from TypeScript sources, where there is no compiled worker', () => {
    expect(CleanPool.start({ workerFile: new URL('./no-such-worker.js', import.meta.url) })).toBeUndefined();
  });
});
