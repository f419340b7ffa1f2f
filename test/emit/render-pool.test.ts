import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputFiles, outputParts, type EmitOptions, type OutputPart, type PublishedFile } from '../../src/emit/feeds.js';
import { renderFeedFiles, type FeedRender } from '../../src/emit/render.js';
import { renderAhead, RenderPool } from '../../src/emit/render-pool.js';
import type { Item } from '../../src/types.js';
import { item, sampleStories } from '../helpers/stories.js';

/** The worker as `npm test` compiles it (tsconfig.build.json); from sources there is none to start. */
const COMPILED_WORKER = new URL('../../dist/emit/render-worker.js', import.meta.url);

const options: EmitOptions = { title: '汇流 test', now: new Date('2021-05-01T00:00:00Z'), formats: ['atom', 'rss', 'json'] };

/** Every file's name and content as text, in the order they come. */
async function taken(files: AsyncIterable<PublishedFile>): Promise<Array<[string, string]>> {
  const all: Array<[string, string]> = [];
  for await (const file of files) {
    all.push([file.name, 'kept' in file ? 'kept' : 'bytes' in file ? Buffer.from(file.bytes).toString('utf8') : file.content]);
  }
  return all;
}

/** The sample stories plus enough items of another outlet that its feed is several times larger than the rest. */
function manyItems(): { items: Item[]; stories: ReturnType<typeof sampleStories>['stories'] } {
  const { items, stories } = sampleStories();
  const more = Array.from({ length: 40 }, (_, n) =>
    item({ id: `urn:huiliu:item:rfi-${n}`, outlet: 'rfi', title: `第${n}篇`, published: new Date(Date.UTC(2021, 3, 1, n)) }),
  );
  return { items: [...items, ...more], stories };
}

/**
 * A stand-in for the render worker whose feeds take `milliseconds` each, rendered by this thread's own
 * code: it notes what it is handed and how many feeds it holds at once.
 */
function slowWorker(milliseconds: number) {
  const handed: string[] = [];
  let holding = 0;
  let mostHeld = 0;
  const pool = {
    render(feed: FeedRender): Promise<PublishedFile[]> {
      handed.push(feed.files[0]!.name);
      mostHeld = Math.max(mostHeld, ++holding);
      return new Promise((resolve) =>
        setTimeout(() => {
          holding--;
          resolve(renderFeedFiles(feed));
        }, milliseconds),
      );
    },
  } as unknown as RenderPool;
  return { pool, handed, mostHeld: () => mostHeld };
}

describe('rendering shared with this thread once files are taken', () => {
  it('hands the worker a few feeds at a time and renders the others here, in the same order', async () => {
    const { items, stories } = manyItems();
    const here = [...outputFiles(stories, items, options, (it) => it)].map((file): [string, string] => [file.name, file.content]);
    const feeds = [...outputParts(stories, items, options, (it) => it)].filter((part) => 'doc' in part).length;
    expect(feeds).toBeGreaterThan(3);
    const worker = slowWorker(200);
    // Nothing is handed out before the files are taken.
    const files = renderAhead(outputParts(stories, items, options, (it) => it), worker.pool, { handOutNow: false });
    expect(worker.handed).toEqual([]);
    expect(await taken(files)).toEqual(here);
    // The worker held two feeds at most; this thread rendered the rest while it waited for the first.
    expect(worker.mostHeld()).toBe(2);
    expect(worker.handed).toEqual(['dw.atom', 'rfi.atom']);
  });

  it('throws where the iteration reaches a feed this thread failed to render, after the files before it', async () => {
    const { items, stories } = sampleStories();
    const [dwFeed] = [...outputParts(stories, items, options, (it) => it)] as FeedRender[];
    const entries = dwFeed!.doc.entries.map((entry) => ({ ...entry, updated: 'never' as unknown as Date }));
    const broken: FeedRender = { ...dwFeed!, doc: { ...dwFeed!.doc, entries } };
    const worker = slowWorker(100);
    const names: string[] = [];
    // The worker takes the first two feeds; the broken third is rendered here while the first is due.
    const parts: OutputPart[] = [dwFeed!, dwFeed!, broken, { name: 'after.txt', content: 'after' }];
    await expect(
      (async () => {
        for await (const file of renderAhead(parts, worker.pool, { handOutNow: false })) names.push(file.name);
      })(),
    ).rejects.toThrow(/is not a function/);
    expect(worker.handed).toEqual(['dw.atom', 'dw.atom']);
    expect(names).toEqual(['dw.atom', 'dw.rss', 'dw.feed.json', 'dw.atom', 'dw.rss', 'dw.feed.json']);
  });

  it('renders nothing here beyond what it may go ahead', async () => {
    const { items, stories } = manyItems();
    const here = [...outputFiles(stories, items, options, (it) => it)].map((file): [string, string] => [file.name, file.content]);
    const feeds = [...outputParts(stories, items, options, (it) => it)].filter((part) => 'doc' in part).length;
    const worker = slowWorker(20);
    // One character ahead: the feed due next is the only one made, so the worker renders every feed.
    expect(await taken(renderAhead(outputParts(stories, items, options, (it) => it), worker.pool, { aheadCharacters: 1, handOutNow: false }))).toEqual(here);
    expect(worker.handed).toHaveLength(feeds);
    expect(worker.mostHeld()).toBe(1);
  });
});

describe('the render pool', () => {
  let pool: RenderPool | undefined;
  beforeAll(() => {
    pool = RenderPool.start({ workerFile: COMPILED_WORKER, threads: 2 });
  });
  afterAll(async () => pool?.close());

  it('renders every file exactly as this thread does, in the same order', async () => {
    expect(pool).toBeDefined();
    const { items, stories } = manyItems();
    const here = [...outputFiles(stories, items, options, (it) => it)].map((file): [string, string] => [file.name, file.content]);
    expect(here.length).toBeGreaterThan(4);
    await pool!.ready();
    expect(await taken(renderAhead(outputParts(stories, items, options, (it) => it), pool!))).toEqual(here);
  });

  it('gives the same files however little it may hand out ahead, kept feeds included', async () => {
    const { items, stories } = manyItems();
    const kept = new Set(['dw']);
    const here = [...outputFiles(stories, items, options, (it) => it, kept)].map((file): [string, string] => [
      file.name,
      'kept' in file ? 'kept' : file.content,
    ]);
    expect(here.filter(([, content]) => content === 'kept').map(([name]) => name)).toEqual(['dw.atom', 'dw.rss', 'dw.feed.json']);
    // One character ahead: one feed at a time, each handed out only when the one before it is taken.
    expect(await taken(renderAhead(outputParts(stories, items, options, (it) => it, kept), pool!, { aheadCharacters: 1 }))).toEqual(here);
  });

  it('hands feeds out at once, before anything is taken, as far as it may go ahead', async () => {
    const { items, stories } = manyItems();
    const read: string[] = [];
    const contentOf = (it: Item) => {
      read.push(it.id);
      return it;
    };
    renderAhead(outputParts(stories, items, options, contentOf), pool!);
    // Every feed's document is made, so every item's article has been read.
    expect(new Set(read)).toEqual(new Set(items.map((it) => it.id)));
    // Going one character ahead, only the first feed is made before anything is taken.
    read.length = 0;
    const files = renderAhead(outputParts(stories, items, options, contentOf), pool!, { aheadCharacters: 1 });
    expect(new Set(read)).toEqual(new Set(['urn:huiliu:item:dw1']));
    await taken(files);
  });

  it('throws where the iteration reaches a feed that could not be made, after the files before it', async () => {
    const { items, stories } = manyItems();
    const contentOf = (it: Item) => {
      if (it.outlet === 'rfi') throw new Error('the shelf lost an RFI article');
      return it;
    };
    // Made now, before anything is taken: the error waits for the iteration.
    const files = renderAhead(outputParts(stories, items, options, contentOf), pool!);
    const names: string[] = [];
    await expect(
      (async () => {
        for await (const file of files) names.push(file.name);
      })(),
    ).rejects.toThrow('the shelf lost an RFI article');
    expect(names).toEqual(['dw.atom', 'dw.rss', 'dw.feed.json']);
  });

  it('throws where the iteration reaches a feed the worker failed to render', async () => {
    const { items, stories } = sampleStories();
    const [dwFeed] = [...outputParts(stories, items, options, (it) => it)] as FeedRender[];
    // A date that is no Date: rendering calls its methods, in the worker.
    const entries = dwFeed!.doc.entries.map((entry) => ({ ...entry, updated: 'never' as unknown as Date }));
    const broken: FeedRender = { ...dwFeed!, doc: { ...dwFeed!.doc, entries } };
    const parts: OutputPart[] = [dwFeed!, broken, { name: 'after.txt', content: 'after' }];
    const names: string[] = [];
    await expect(
      (async () => {
        for await (const file of renderAhead(parts, pool!)) names.push(file.name);
      })(),
    ).rejects.toThrow(/is not a function/);
    expect(names).toEqual(['dw.atom', 'dw.rss', 'dw.feed.json']);
  });

  it('is not started for one thread, nor from TypeScript sources, where there is no compiled worker', () => {
    expect(RenderPool.start({ workerFile: COMPILED_WORKER, threads: 1 })).toBeUndefined();
    expect(RenderPool.start({ workerFile: new URL('./no-such-worker.js', import.meta.url), threads: 2 })).toBeUndefined();
  });
});
