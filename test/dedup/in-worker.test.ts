import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DedupWorker } from '../../src/dedup/in-worker.js';
import { clustersOf, inDedupOrder } from '../../src/dedup/index.js';
import { encodeTerms } from '../../src/dedup/terms.js';
import { headOf } from '../../src/store/shelf.js';
import type { Item, ItemHead, ItemTerms } from '../../src/types.js';
import { loadFolder, repoRoot } from './labelled-sets.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The compiled worker, as a build runs it (`npm test` compiles before vitest runs). */
const COMPILED_DEDUP_WORKER = new URL('../../dist/dedup/worker.js', import.meta.url);
const options = parseConfig({ sources: [{ id: 'written', path: '.' }] }, 'test').dedup;

describe('dedup in a worker thread', () => {
  let sorted: ItemHead[];
  let termsOf: (head: ItemHead) => ItemTerms;
  let worker: DedupWorker | undefined;

  beforeAll(async () => {
    // The hand-written labelled set: reports of one event in other words, merged and not.
    const items: Item[] = await loadFolder(path.join(repoRoot, 'test/fixtures/dedup/written'));
    const terms = new Map(items.map((item) => [item.id, encodeTerms(item, options.leadCharacters)]));
    sorted = inDedupOrder(items.map(headOf));
    termsOf = (head) => terms.get(head.id)!;
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  it('gives the clusters dedup gives on this thread, with the story ids already issued', async () => {
    // Two items hold story ids from an earlier run: clustering keeps such stories apart.
    const issued = new Map([
      [sorted[0]!.id, 'urn:huiliu:story:earlier-a'],
      [sorted[1]!.id, 'urn:huiliu:story:earlier-b'],
    ]);
    const here = clustersOf(sorted, options, issued, termsOf);
    expect(here.some((members) => members.length > 1)).toBe(true);
    worker = DedupWorker.start({ workerFile: COMPILED_DEDUP_WORKER, threads: 2 });
    expect(worker).toBeDefined();
    expect(await worker!.dedup(sorted, options, issued, termsOf).clusters).toEqual(here);
  });

  it('sends the items a few at a time when told to, and gives the same clusters', async () => {
    const here = clustersOf(sorted, options, new Map(), termsOf);
    worker = DedupWorker.start({ workerFile: COMPILED_DEDUP_WORKER, threads: 2 });
    // Chunks of two items, at most one of them untaken: the words of an item are read only as its chunk goes.
    const read: string[] = [];
    const readingTermsOf = (head: ItemHead) => (read.push(head.id), termsOf(head));
    const { sent, clusters } = worker!.dedup(sorted, options, new Map(), readingTermsOf, { chunkItems: 2, ahead: 1 });
    expect(read).toEqual(sorted.slice(0, 2).map((item) => item.id));
    await sent;
    expect(read).toEqual(sorted.map((item) => item.id));
    expect(await clusters).toEqual(here);
  });

  it('stops sending when the worker fails, and says why', async () => {
    worker = DedupWorker.start({ workerFile: COMPILED_DEDUP_WORKER, threads: 2 });
    const noWords = (): ItemTerms => undefined as unknown as ItemTerms;
    const { sent, clusters } = worker!.dedup(sorted, options, new Map(), noWords, { chunkItems: 1, ahead: 1 });
    await expect(sent).rejects.toThrow(/^dedup worker: TypeError/);
    await expect(clusters).rejects.toThrow(/^dedup worker: TypeError/);
  });

  it('reports a task that fails in the worker as an error with the reason', async () => {
    worker = DedupWorker.start({ workerFile: COMPILED_DEDUP_WORKER, threads: 2 });
    const noWords = (): ItemTerms => undefined as unknown as ItemTerms;
    await expect(worker!.dedup(sorted, options, new Map(), noWords).clusters).rejects.toThrow(/^dedup worker: TypeError/);
  });

  it('reports a worker that fails to load, instead of waiting for it', async () => {
    const dir = tempDir('huiliu-dedup-worker-');
    const broken = path.join(dir, 'worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load');\n");
    worker = DedupWorker.start({ workerFile: pathToFileURL(broken), threads: 2 });
    await expect(worker!.dedup(sorted, options, new Map(), termsOf).clusters).rejects.toThrow('cannot load');
  });

  it('is not started on one thread, or without a compiled worker', () => {
    expect(DedupWorker.start({ workerFile: COMPILED_DEDUP_WORKER, threads: 1 })).toBeUndefined();
    expect(DedupWorker.start({ workerFile: new URL('./no-such-worker.js', import.meta.url), threads: 2 })).toBeUndefined();
  });
});
