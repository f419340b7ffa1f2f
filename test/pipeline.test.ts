import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAtom, type ParsedEntry } from './helpers/atom.js';
import { loadConfig } from '../src/config.js';
import { build, type CollectedRun } from '../src/pipeline.js';
import { clustersOf } from '../src/dedup/index.js';
import { DEDUP_CHUNK_ITEMS, type DedupInWorker, type DedupPace } from '../src/dedup/in-worker.js';
import { RenderPool } from '../src/emit/render-pool.js';
import type { PublishedFile } from '../src/emit/feeds.js';
import { ContentShelf } from '../src/store/shelf.js';
import type { ItemHead } from '../src/types.js';
import { atomSchemaErrors, REPO, runCli } from './helpers/validators.js';
import { tempDir } from './helpers/temp-dir.js';

/** The render worker as `npm test` compiles it (tsconfig.build.json). */
const COMPILED_RENDER_WORKER = new URL('../dist/emit/render-worker.js', import.meta.url);

/** The junk strings no republished content may carry (issue #2). */
const JUNK = ['获取更多RSS', 'feedx', '版权声明', 'o-self-promo', '我也说两句'];

describe('huiliu build on the bundled seeds (the default, offline run)', () => {
  let out: string;
  let run: ReturnType<typeof runCli>;
  const feed = (name: string) => parseAtom(readFileSync(path.join(out, name), 'utf8'));
  const feeds = () => readdirSync(out).filter((name) => name.endsWith('.atom'));

  beforeAll(() => {
    out = tempDir('huiliu-seeds-');
    run = runCli(['build', '--config', 'config/huiliu.json', '--out', out]);
  });

  it('exits 0 and writes the merged feed and one feed per outlet, in every format, with the OPML and index page', () => {
    expect(run.stderr).not.toMatch(/error|failed/i);
    expect(run.status).toBe(0);
    const expectedFeeds = ['dw', 'merged', 'nytimes', 'rfi', 'voa', 'xinjingbao'].flatMap((n) => [`${n}.atom`, `${n}.feed.json`, `${n}.rss`]);
    expect(readdirSync(out).sort()).toEqual(
      [...expectedFeeds, '.huiliu', 'feeds.opml', 'icon.svg', 'index.html', 'logo.svg', 'status.json'].sort(),
    );
  });

  it('merges only the VOA and Xinjingbao reports of the April 2021 Shanghai visit', () => {
    const merged = feed('merged.atom').entries;
    expect(merged).toHaveLength(4);
    const multi = merged.filter((e) => e.categories.length > 1);
    expect(multi).toHaveLength(1);
    const story = multi[0]!;
    expect(story.categories.sort()).toEqual(['voa', 'xinjingbao']);
    expect(story.links.filter((l) => l.rel === 'alternate').map((l) => l.href)).toEqual([
      'https://www.voachinese.com/a/Kerry-visitsing-to-China-a-test-for-Biden-s-bid-to-win-cooperation-with-Beijing-20210415/5854181.html',
    ]);
    // The Xinjingbao seed has no link of its own, so the entry's content names it.
    expect(story.content).toContain('新京报');
    expect(story.content).toMatch(/Also reported by/);
    for (const single of merged.filter((e) => e !== story)) expect(single.links.filter((l) => l.rel === 'related')).toEqual([]);
  });

  it('gives each merged story one category per outlet and a related link per other member with a link', () => {
    const merged = feed('merged.atom').entries;
    expect(merged.flatMap((e) => e.categories).sort()).toEqual(['dw', 'nytimes', 'rfi', 'voa', 'xinjingbao']);
  });

  // Without a byline, the outlet's name is the author: readers show one, and RFC 4287 wants one.
  const expected: Record<string, { title: string; link?: string; published?: string; author: string }> = {
    'nytimes.atom': {
      title: '美国气候特使克里将访问中国，寻求重启中美气候谈判',
      link: 'https://cn.nytimes.com/usa/20230707/john-kerry-china-climate/',
      published: new Date(1688706422000).toISOString(),
      author: 'Lisa Friedman',
    },
    'rfi.atom': {
      title: '阿拉斯加激烈交锋后 中美气候特使今线上会谈 如何互动受瞩目',
      // The double slash of rfi.fr//cn/ is collapsed in the canonical link.
      link: 'http://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20210323-%E9%98%BF%E6%8B%89%E6%96%AF%E5%8A%A0%E6%BF%80%E7%83%88%E4%BA%A4%E9%94%8B%E5%90%8E-%E4%B8%AD%E7%BE%8E%E6%B0%94%E5%80%99%E7%89%B9%E4%BD%BF%E4%BB%8A%E7%BA%BF%E4%B8%8A%E4%BC%9A%E8%B0%88-%E5%A6%82%E4%BD%95%E4%BA%92%E5%8A%A8%E5%8F%97%E7%9E%A9%E7%9B%AE',
      published: new Date(1616492703000).toISOString(),
      author: '法国国际广播电台',
    },
    'voa.atom': {
      title: '克里抵达上海，拜登寻求美中合作的首次努力面临考验',
      link: 'https://www.voachinese.com/a/Kerry-visitsing-to-China-a-test-for-Biden-s-bid-to-win-cooperation-with-Beijing-20210415/5854181.html',
      published: new Date(1618495142000).toISOString(),
      author: '美国之音',
    },
    'dw.atom': {
      // Two spaces in the source title collapse to one.
      title: '美国气候特使将访中日 如何对中国施压并合作？',
      link: 'https://www.dw.com/zh/%E7%BE%8E%E5%9B%BD%E6%B0%94%E5%80%99%E7%89%B9%E4%BD%BF%E5%B0%86%E8%AE%BF%E4%B8%AD%E6%97%A5%20%20%E5%A6%82%E4%BD%95%E5%AF%B9%E4%B8%AD%E5%9B%BD%E6%96%BD%E5%8E%8B%E5%B9%B6%E5%90%88%E4%BD%9C%EF%BC%9F/a-59036476',
      published: new Date(1630383424000).toISOString(),
      author: '德国之声',
    },
    'xinjingbao.atom': {
      // No header: the title is derived from the opening sentence; no link, no date.
      title: '美国国务院4月13日在其官网上公布，4月14日至4月17日，美国总统气候问题特使…',
      author: '新京报',
    },
  };

  for (const [file, want] of Object.entries(expected)) {
    it(`${file}: title, canonical link, published time and author of the seed`, () => {
      const entries = feed(file).entries;
      expect(entries).toHaveLength(1);
      const entry: ParsedEntry = entries[0]!;
      expect(entry.title).toBe(want.title);
      expect(entry.links.find((l) => l.rel === 'alternate')?.href).toBe(want.link);
      expect(entry.published).toBe(want.published);
      expect(entry.authors).toEqual([want.author]);
      expect(entry.id).toMatch(/^urn:huiliu:item:[0-9a-f]{24}$/);
    });
  }

  it('leaves no feedx footer, copyright block, promo or comment widget in any content', () => {
    for (const name of feeds()) {
      for (const entry of feed(name).entries) {
        for (const junk of JUNK) expect(entry.content, `${name}: ${entry.title}`).not.toContain(junk);
      }
    }
  });

  it('writes feeds that validate against the RFC 4287 RELAX NG schema', () => {
    const files = feeds().map((name) => path.join(out, name));
    expect(atomSchemaErrors(files)).toBe('');
  });

  it('writes the same ids on a second run (stable ids)', () => {
    const again = tempDir('huiliu-seeds-again-');
    expect(runCli(['build', '--config', 'config/huiliu.json', '--out', again]).status).toBe(0);
    const ids = (dir: string) => parseAtom(readFileSync(path.join(dir, 'merged.atom'), 'utf8')).entries.map((e) => e.id);
    expect(ids(again)).toEqual(ids(out));
  });
});

describe('the schema check itself', () => {
  it('rejects a feed that breaks RFC 4287 (an entry without an id)', () => {
    const dir = tempDir('huiliu-broken-');
    const broken = path.join(dir, 'broken.atom');
    const xml = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2021-01-01T00:00:00Z</updated><entry><title>no id</title><updated>2021-01-01T00:00:00Z</updated></entry></feed>`;
    writeFileSync(broken, xml);
    expect(atomSchemaErrors([broken])).toMatch(/id/);
  });
});

describe('build with its articles spilled to disk', () => {
  it('renders the same files as a build that keeps them in memory', async () => {
    const loaded = await loadConfig(path.join(REPO, 'config/huiliu.json'));
    const now = new Date('2026-01-01T00:00:00Z');
    const rendered = async (shelf: ContentShelf) => {
      const result = await build(loaded, { now, shelf });
      // Nothing was published before this build, so every file is rendered.
      const files: string[][] = [];
      for await (const file of result.files) files.push([file.name, 'content' in file ? file.content : 'kept']);
      const spilled = shelf.spilled;
      shelf.close();
      return { files, spilled, items: result.items.length };
    };
    const inMemory = await rendered(new ContentShelf());
    // A shelf that spills after one item: every article is read back from its temporary file.
    const onDisk = await rendered(new ContentShelf({ spillAfter: 1 }));
    expect(inMemory).toMatchObject({ spilled: false, items: 5 });
    expect(onDisk.spilled).toBe(true);
    expect(onDisk.files).toEqual(inMemory.files);
  });

  it('starts its render worker when the files are taken, not before dedup, with the same files', async () => {
    const loaded = await loadConfig(path.join(REPO, 'config/huiliu.json'));
    const now = new Date('2026-01-01T00:00:00Z');
    /** A shelf that counts the items whose words dedup has read from it. */
    class CountingShelf extends ContentShelf {
      wordsRead = 0;
      override termsOf(head: ItemHead) {
        this.wordsRead++;
        return super.termsOf(head);
      }
    }
    const rendered = async (shelf: CountingShelf) => {
      let wordsReadAtStart: number | undefined;
      const result = await build(loaded, {
        now,
        shelf,
        startRenderPool: () => {
          wordsReadAtStart = shelf.wordsRead;
          return RenderPool.start({ workerFile: COMPILED_RENDER_WORKER, threads: 2 });
        },
      });
      const startedByBuild = wordsReadAtStart !== undefined;
      const files: string[][] = [];
      for await (const file of result.files) files.push([file.name, 'bytes' in file ? Buffer.from(file.bytes).toString('utf8') : 'content' in file ? file.content : 'kept']);
      await result.closeRenderPool();
      shelf.close();
      return { files, startedByBuild, wordsReadAtStart };
    };
    const inMemory = await rendered(new CountingShelf());
    const onDisk = await rendered(new CountingShelf({ spillAfter: 1 }));
    // In memory, the worker starts before dedup reads any item's words; spilled, once the files are taken.
    expect(inMemory).toMatchObject({ startedByBuild: true, wordsReadAtStart: 0 });
    expect(onDisk).toMatchObject({ startedByBuild: false, wordsReadAtStart: 5 });
    expect(onDisk.files).toEqual(inMemory.files);
    expect(inMemory.files.filter(([, content]) => content === 'kept')).toEqual([]);
  });
});

describe('build with a render worker', () => {
  it('hands the worker the outlet feeds before dedup and renders the merged feed itself, with the same files', async () => {
    const loaded = await loadConfig(path.join(REPO, 'config/huiliu.json'));
    const now = new Date('2026-01-01T00:00:00Z');
    const fileText = (file: PublishedFile): string => ('bytes' in file ? Buffer.from(file.bytes).toString('utf8') : 'content' in file ? file.content : 'kept');
    const alone = await build(loaded, { now, shelf: new ContentShelf() });
    const withoutWorker: string[][] = [];
    for await (const file of alone.files) withoutWorker.push([file.name, fileText(file)]);

    const handedToWorker: string[] = [];
    const pooled = await build(loaded, {
      now,
      shelf: new ContentShelf(),
      startRenderPool: () => {
        const pool = RenderPool.start({ workerFile: COMPILED_RENDER_WORKER, threads: 2 })!;
        const render = pool.render.bind(pool);
        pool.render = (feed) => {
          handedToWorker.push(...feed.files.map((f) => f.name));
          return render(feed);
        };
        return pool;
      },
    });
    // Handed out before dedup: every outlet feed, in every format, and nothing else yet.
    const outletFiles = withoutWorker.map(([name]) => name!).filter((name) => /\.(atom|rss|json)$/.test(name) && !name.startsWith('merged.'));
    expect(handedToWorker.sort()).toEqual([...outletFiles].sort());
    const files: Array<[string, string, boolean]> = [];
    for await (const file of pooled.files) files.push([file.name, fileText(file), 'bytes' in file]);
    await pooled.closeRenderPool();
    // Rendered by the worker (bytes) are the outlet feeds only; the merged feed was rendered here.
    expect(files.filter(([, , fromWorker]) => fromWorker).map(([name]) => name).sort()).toEqual([...outletFiles].sort());
    expect(files.filter(([name]) => name.startsWith('merged.')).map(([, , fromWorker]) => fromWorker)).toEqual([false, false, false]);
    // Nothing more was handed to the worker while publish took the files (the merged feed stayed here).
    expect(handedToWorker).toHaveLength(outletFiles.length);
    expect(files.map(([name, text]) => [name, text])).toEqual(withoutWorker);
  });
});

describe('build with dedup in a worker', () => {
  it('records the run while the worker dedups, and makes the same stories from its clusters', async () => {
    const loaded = await loadConfig(path.join(REPO, 'config/huiliu.json'));
    const now = new Date('2026-01-01T00:00:00Z');
    const events: string[] = [];
    const recorded: CollectedRun[] = [];
    const record = (collected: CollectedRun) => {
      events.push('record');
      recorded.push(collected);
    };
    const onThisThread = await build(loaded, { now, shelf: new ContentShelf(), record });
    // On this thread the run is recorded once dedup is done.
    expect(events).toEqual(['record']);
    events.length = 0;
    // A worker that answers only once the run is recorded: a build that waited for the answer first
    // would never finish.
    let answer: (() => void) | undefined;
    const paces: Array<DedupPace | undefined> = [];
    const worker: DedupInWorker = {
      dedup: (sorted, options, issued, termsOf, pace) => {
        events.push('posted');
        paces.push(pace);
        const clusters = new Promise<number[][]>((resolve) => (answer = () => resolve(clustersOf(sorted, options, issued, termsOf))));
        return { sent: Promise.resolve(), clusters };
      },
      close: async () => {
        events.push('closed');
      },
    };
    const asked: number[] = [];
    const shelf = new ContentShelf();
    const inWorker = await build(loaded, {
      now,
      shelf,
      startDedupWorker: (items) => (asked.push(items), worker),
      record: (collected) => {
        record(collected);
        answer!();
      },
    });
    // The five items of the seeds, all read fresh, are the ones to record.
    expect(asked).toEqual([5]);
    expect(events).toEqual(['posted', 'record', 'closed']);
    expect(recorded[1]!.current.map((item) => item.id)).toEqual(recorded[0]!.current.map((item) => item.id));
    const shape = (stories: typeof inWorker.stories) => stories.map((story) => [story.id, story.items.map((item) => item.id), story.representative.id]);
    expect(shape(inWorker.stories)).toEqual(shape(onThisThread.stories));
    expect(inWorker.stories.some((story) => story.items.length > 1)).toBe(true);
    expect(inWorker.fingerprint).toBe(onThisThread.fingerprint);
    shelf.close();
    // A build in memory posts every item at once; one whose articles spilled to disk keeps a few chunks
    // in flight, and makes the same stories.
    expect(paces).toEqual([undefined]);
    const spilled = new ContentShelf({ spillAfter: 1 });
    const onDisk = await build(loaded, {
      now,
      shelf: spilled,
      startDedupWorker: (items) => (asked.push(items), worker),
      record: () => answer!(),
    });
    expect(asked).toEqual([5, 5]);
    expect(paces[1]).toEqual({ chunkItems: DEDUP_CHUNK_ITEMS, ahead: expect.any(Number) });
    expect(shape(onDisk.stories)).toEqual(shape(onThisThread.stories));
    spilled.close();
  });
});
