import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { EncodedFile, FeedRender, OutputPart, PublishedFile } from './feeds.js';

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
  static start(options: { workerFile?: URL; threads?: number } = {}): RenderPool | undefined {
    const workerFile = options.workerFile ?? DEFAULT_WORKER;
    const threads = options.threads ?? availableParallelism();
    if (threads < 2 || !existsSync(fileURLToPath(workerFile))) return undefined;
    return new RenderPool(workerFile, threads - 1);
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
 * Output parts as files, in order, the feeds rendered by `pool`. Feeds are handed to the workers at once,
 * as many as `aheadCharacters` allows (their documents are made now, on this thread), so the workers
 * render while the caller does other work before it iterates (dedup, recording the run); each file taken
 * lets the next feed go. An error making a document or rendering a feed is thrown where the iteration
 * reaches that feed, as `renderedHere` would throw it. Iterate once.
 */
export function renderAhead(
  parts: Iterable<OutputPart>,
  pool: RenderPool,
  aheadCharacters = AHEAD_CHARACTERS,
): AsyncIterable<PublishedFile> {
  const source = parts[Symbol.iterator]();
  const waiting: Array<{ files: Promise<PublishedFile[]>; characters: number }> = [];
  let ahead = 0;
  let exhausted = false;
  const handOut = () => {
    // At least one part waits while any is left, however large a feed is.
    while (!exhausted && (ahead < aheadCharacters || waiting.length === 0)) {
      let next: IteratorResult<OutputPart>;
      try {
        next = source.next();
      } catch (error) {
        exhausted = true;
        waiting.push({ files: awaitedLater(Promise.reject(error)), characters: 0 });
        return;
      }
      if (next.done === true) {
        exhausted = true;
        return;
      }
      const part = next.value;
      if ('doc' in part) {
        const characters = charactersOf(part);
        ahead += characters;
        waiting.push({ files: awaitedLater(pool.render(part)), characters });
      } else {
        waiting.push({ files: Promise.resolve([part]), characters: 0 });
      }
    }
  };
  handOut();
  return {
    async *[Symbol.asyncIterator]() {
      for (let next = waiting.shift(); next !== undefined; next = waiting.shift()) {
        const files = await next.files;
        ahead -= next.characters;
        handOut();
        yield* files;
      }
    },
  };
}
