import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { OutputPart, PublishedFile } from './feeds.js';
import { renderFeedFiles, type EncodedFile, type FeedRender } from './render.js';
import { workerToStart, type WorkerOptions } from '../worker-file.js';

/**
 * Rendering feeds in worker threads. Making a feed document is cheap (its articles are read from the
 * shelf); rendering it is not: `feed` and the format fix-ups took a second and a half of a 10k build's
 * publishing, on the one thread that also runs dedup and records the run. The outlet feeds do not
 * depend on dedup, so a build hands them to a worker before dedup starts (pipeline.ts), and the worker
 * renders them on the other core meanwhile. It hands each document back as its files' UTF-8 bytes, so
 * the main thread neither renders nor encodes.
 */

/** The compiled worker beside this module; absent when huiliu runs from its TypeScript sources (tests). */
const DEFAULT_WORKER = new URL('./render-worker.js', import.meta.url);

/**
 * Items in the feeds a build renders before a worker pays for its start: the build waits a few hundred
 * milliseconds for it to load before dedup. The same size at which cleaning starts its pool.
 */
export const RENDER_POOL_MIN_ITEMS = 2000;

/**
 * Characters of articles (content and summary) in feeds handed to the workers and not yet taken by the
 * caller. A rendered feed waits, as bytes, until publish writes it: about eleven bytes a character in
 * three formats (the bench's 10k feeds: 9.2 million characters, 101 MB of files), so this bounds what
 * waits to some 90 MB. At 10k items it is most of the feeds, enough to keep a worker busy while dedup
 * runs; the rest are rendered while the run is recorded.
 */
export const AHEAD_CHARACTERS = 8_000_000;

/**
 * Render workers: one fewer than the build's threads, for the main thread works meanwhile (dedup, then
 * recording the run). Each may be handed any number of feeds at once: a worker renders what it was
 * handed while the main thread is busy, but the pool hands out more only when the main thread is free.
 */
export class RenderPool {
  private readonly pool: Tinypool;

  private constructor(workerFile: URL, workers: number) {
    this.pool = new Tinypool({
      filename: fileURLToPath(workerFile),
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: Number.MAX_SAFE_INTEGER,
    });
  }

  /**
   * A pool for a build on `threads` threads (a thread per core by default), or undefined when there is
   * only one, or no compiled worker to run (huiliu running from its TypeScript sources).
   */
  static start(options: WorkerOptions = {}): RenderPool | undefined {
    const worker = workerToStart(DEFAULT_WORKER, options);
    return worker && new RenderPool(worker.file, worker.threads - 1);
  }

  /** Settles once a worker has loaded and can take feeds. */
  async ready(): Promise<void> {
    await this.pool.run(null, { name: 'ready' });
  }

  /** The files of one feed document, rendered in a worker (the same bytes as `renderFeedFiles` gives). */
  render(render: FeedRender): Promise<EncodedFile[]> {
    return this.pool.run(render) as Promise<EncodedFile[]>;
  }

  /** Stops the workers; renders still queued are abandoned. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** How much of the articles a feed document carries: what its rendered files grow with. */
function charactersOf(render: FeedRender): number {
  let characters = 0;
  for (const entry of render.doc.entries) characters += entry.contentHtml.length + entry.summary.length;
  return characters;
}

/** A promise whose rejection is left for whoever awaits it later, not reported as unhandled now. */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Feeds in a worker's hands at once while the caller takes files: enough that the worker starts the next
 * as it finishes one (a task goes out only while this thread is free), few enough that the rest are left
 * for this thread to render while it waits.
 */
const WORKER_FEEDS_WHILE_TAKEN = 2;

/** Lets the worker's answers and tinypool's dispatch run before this thread renders another feed. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One part's files, in the order the parts come; `settled` once its files or its error are in. */
interface Waiting {
  files: Promise<PublishedFile[]>;
  characters: number;
  settled: boolean;
}

/**
 * Output parts as files, in order, the feeds rendered by `pool` and, once the caller takes files, by
 * this thread too. Feeds are handed to the workers at once, as many as `aheadCharacters` allows (their
 * documents are made now, on this thread), so the workers render while the caller does other work
 * before it iterates (dedup, recording the run) — or, with `handOutNow` false, only when the caller
 * starts taking files. Once it does, this thread is mostly waiting (publish writes a file while the next
 * is rendered), so the worker is handed a few feeds at a time and, while the feed due next is still in
 * the worker, this thread renders the next one nobody has yet. At most `aheadCharacters` of articles are
 * in feeds made and not yet taken, wherever they are rendered. An error making a document or rendering a
 * feed is thrown where the iteration reaches that feed, as `renderedHere` would throw it. Iterate once.
 */
export function renderAhead(
  parts: Iterable<OutputPart>,
  pool: RenderPool,
  { aheadCharacters = AHEAD_CHARACTERS, handOutNow = true }: { aheadCharacters?: number; handOutNow?: boolean } = {},
): AsyncIterable<PublishedFile> {
  const source = parts[Symbol.iterator]();
  const waiting: Waiting[] = [];
  let ahead = 0;
  let inWorker = 0;
  let exhausted = false;
  let taking = false;

  const enqueue = (files: Promise<PublishedFile[]>, characters: number): void => {
    const entry: Waiting = { files: awaitedLater(files), characters, settled: false };
    const settle = () => {
      entry.settled = true;
    };
    files.then(settle, settle);
    waiting.push(entry);
    ahead += characters;
  };
  /** The next part, or undefined when there is none; an error making it waits in line for the iteration. */
  const nextPart = (): OutputPart | undefined => {
    if (exhausted) return undefined;
    try {
      const next = source.next();
      if (next.done !== true) return next.value;
    } catch (error) {
      enqueue(Promise.reject(error), 0);
    }
    exhausted = true;
    return undefined;
  };
  /** Parts that are no feed to render go in line as they are; reports whether there was a part. */
  const take = (render: (feed: FeedRender, characters: number) => void): boolean => {
    const part = nextPart();
    if (part === undefined) return false;
    if ('doc' in part) render(part, charactersOf(part));
    else enqueue(Promise.resolve([part]), 0);
    return true;
  };
  const toWorker = (feed: FeedRender, characters: number): void => {
    inWorker++;
    const files = pool.render(feed);
    const done = () => {
      inWorker--;
      handOut();
    };
    files.then(done, done);
    enqueue(files, characters);
  };
  const here = (feed: FeedRender, characters: number): void => {
    try {
      enqueue(Promise.resolve(renderFeedFiles(feed)), characters);
    } catch (error) {
      enqueue(Promise.reject(error), characters);
    }
  };
  const handOut = (): void => {
    // At least one part waits while any is left, however large a feed is.
    while (!exhausted && ((ahead < aheadCharacters && (!taking || inWorker < WORKER_FEEDS_WHILE_TAKEN)) || waiting.length === 0)) {
      if (!take(toWorker)) return;
    }
  };
  if (handOutNow) handOut();
  return {
    async *[Symbol.asyncIterator]() {
      taking = true;
      handOut();
      for (let next = waiting.shift(); next !== undefined; next = waiting.shift()) {
        // While the worker renders the feed due next, this thread renders the next one no one has yet.
        while (!next.settled && ahead < aheadCharacters && take(here)) await turn();
        const files = await next.files;
        ahead -= next.characters;
        handOut();
        yield* files;
      }
    },
  };
}
