import { Worker } from 'node:worker_threads';
import type { Item, ItemHead, ItemTerms } from '../types.js';
import type { DedupOptions, IssuedStoryIds } from './index.js';
import type { FromDedupWorker, ToDedupWorker } from './worker.js';
import { workerToStart, type WorkerOptions } from '../worker-file.js';

/**
 * Dedup in a worker thread of its own. On the main thread, dedup and then recording the run took about
 * 4 s of a 10k build, one after the other, while the other core had only the render worker's feeds to
 * do. Recording does not depend on dedup but for the story ids, written last, so a build hands dedup to
 * this worker and records meanwhile (pipeline.ts). The worker gets each item's head and words (a few
 * hundred bytes an item) and gives back the stories as clusters of indices; the stories are made here.
 *
 * A plain worker_threads Worker, not a pool: there is one task a build, and it must reach the worker at
 * once. A message posted to a Worker waits in its port until the worker has loaded, while a pool hands a
 * task to a worker only when this thread is free to hear that the worker is up — and this thread is about
 * to record the run.
 */

/** The compiled worker beside this module; absent when huiliu runs from its TypeScript sources (tests). */
const DEFAULT_WORKER = new URL('./worker.js', import.meta.url);

/** What dedup reads of an item, and the item's words: all a worker is given of it. */
export type DedupRecord = Pick<Item, 'id' | 'outlet' | 'published' | 'title'> & { textLength: number; terms: ItemTerms };

/**
 * Items read fresh, to be recorded, before a worker pays for its start (loading dedup's code and the
 * general corpus's table, about half a second of the worker's time, while the render worker starts):
 * recording as many takes about a fifth of a second. The render pool's size.
 */
export const DEDUP_WORKER_MIN_ITEMS = 2000;

/** Items per message to the worker: about 1 MB of words, and a few milliseconds of its time. */
export const DEDUP_CHUNK_ITEMS = 1000;

/**
 * How the items go to the worker. `ahead`: chunks posted and not yet taken by the worker, at most. Each
 * is held three times while it crosses (the records here, the message, the worker's copy): a build whose
 * articles spilled to disk sends 100,000 items, and sent at once they took 1,238 MB at peak, so it keeps
 * a few in flight; a build in memory sends all at once and goes on.
 */
export interface DedupPace {
  chunkItems: number;
  ahead: number;
}

/** What a build asks of a dedup worker (pipeline.ts). */
export type DedupInWorker = Pick<DedupWorker, 'dedup' | 'close'>;

/** A dedup under way: when every item has been sent, and the clusters. */
export interface DedupInFlight {
  /** Resolved once every item is posted; rejected if the worker fails first. */
  sent: Promise<void>;
  /** The worker's clusters: `clustersOf` the items, as indices into them. */
  clusters: Promise<number[][]>;
}

export class DedupWorker {
  /** What the worker answers, or how it failed: listened for from its start, so no failure goes unheard. */
  private readonly outcome: Promise<number[][]>;
  /** Chunks the worker has taken, and who waits for the next. */
  private taken = 0;
  private onTaken: (() => void) | undefined;

  private constructor(private readonly worker: Worker) {
    this.outcome = new Promise<number[][]>((resolve, reject) => {
      const onMessage = (message: FromDedupWorker) => {
        if (message.kind === 'taken') {
          this.taken++;
          this.onTaken?.();
        } else if (message.kind === 'clusters') resolve(message.clusters);
        else reject(new Error(`dedup worker: ${message.error}`));
      };
      const onExit = (code: number) => reject(new Error(`dedup worker: stopped (exit code ${code}) before it answered`));
      worker.on('message', onMessage).on('error', reject).once('exit', onExit);
    });
    // A failure before anyone asks (the worker failing to load) is reported by `dedup`, not as unhandled.
    this.outcome.catch(() => undefined);
  }

  /**
   * A worker for a build on `threads` threads (a thread per core by default), loading now; or undefined
   * when there is only one thread, or no compiled worker to run (huiliu running from its TypeScript sources).
   */
  static start(options: WorkerOptions = {}): DedupWorker | undefined {
    const worker = workerToStart(DEFAULT_WORKER, options);
    return worker && new DedupWorker(new Worker(worker.file));
  }

  /**
   * `clustersOf` of `sorted` (items in dedup order), worked out in the worker: the same clusters. Each
   * item's words are `termsOf` it, read as its chunk is sent. With `ahead` unbounded (the default) every
   * chunk is posted before this returns. Once a worker.
   */
  dedup(
    sorted: readonly ItemHead[],
    options: DedupOptions,
    issued: IssuedStoryIds,
    termsOf: (item: ItemHead) => ItemTerms,
    pace: DedupPace = { chunkItems: DEDUP_CHUNK_ITEMS, ahead: Number.POSITIVE_INFINITY },
  ): DedupInFlight {
    const sent = this.send(sorted, options, issued, termsOf, pace);
    // A failure while sending is the caller's to hear through `sent`, or through `clusters` if it stops waiting.
    sent.catch(() => undefined);
    return { sent, clusters: this.outcome };
  }

  private async send(sorted: readonly ItemHead[], options: DedupOptions, issued: IssuedStoryIds, termsOf: (item: ItemHead) => ItemTerms, pace: DedupPace): Promise<void> {
    this.post({ kind: 'begin', options });
    let posted = 0;
    for (let start = 0; start < sorted.length; start += pace.chunkItems) {
      while (posted - this.taken >= pace.ahead) await this.nextTaken();
      this.post({ kind: 'items', items: sorted.slice(start, start + pace.chunkItems).map((item) => recordOf(item, termsOf)) });
      posted++;
    }
    const issuedHere = new Map<string, string>();
    for (const item of sorted) {
      const id = issued.get(item.id);
      if (id !== undefined) issuedHere.set(item.id, id);
    }
    this.post({ kind: 'end', issued: issuedHere });
  }

  private post(message: ToDedupWorker): void {
    this.worker.postMessage(message);
  }

  /** Resolves when the worker takes its next chunk; rejects if it fails first. */
  private nextTaken(): Promise<void> {
    const taken = new Promise<void>((resolve) => (this.onTaken = resolve));
    return Promise.race([taken, this.outcome.then(() => undefined)]).finally(() => (this.onTaken = undefined));
  }

  /** Stops the worker, whatever it is doing. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

function recordOf(item: ItemHead, termsOf: (item: ItemHead) => ItemTerms): DedupRecord {
  return {
    id: item.id,
    outlet: item.outlet,
    ...(item.published === undefined ? {} : { published: item.published }),
    title: item.title,
    textLength: item.textLength,
    terms: termsOf(item),
  };
}
