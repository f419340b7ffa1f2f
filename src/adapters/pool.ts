import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { SourceConfig } from '../config.js';
import type { CleanOptions } from '../clean/index.js';
import type { RawItem } from '../types.js';
import type { Adapted } from './adapt-each.js';
import { workerToStart, type WorkerOptions } from '../worker-file.js';

/** One unit of work for a worker: a slice of one source's raw items. Plain data, so it crosses threads. */
export interface CleanTask {
  raws: RawItem[];
  source: SourceConfig;
  options: CleanOptions;
}

/**
 * Items per task: about a quarter second of cleaning, so a task's messaging is noise next to its work
 * and both workers stay busy to the end of a batch.
 */
const ITEMS_PER_TASK = 50;

/** The compiled worker beside this module; absent when huiliu runs from its TypeScript sources (tests). */
const DEFAULT_WORKER = new URL('./pool-worker.js', import.meta.url);

/**
 * Cleaning on every core: tinypool's worker threads each run `adaptEach` on slices of a batch.
 * Starting the threads costs a few hundred milliseconds (each loads cheerio and sanitize-html), so
 * the caller starts a pool only for a batch large enough to pay for it.
 */
export class CleanPool {
  private readonly pool: Tinypool;

  private constructor(workerFile: URL, threads: number) {
    this.pool = new Tinypool({ filename: fileURLToPath(workerFile), minThreads: threads, maxThreads: threads });
  }

  /** A pool, or undefined when there is no compiled worker to run (from sources) or only one core. */
  static start(options: WorkerOptions = {}): CleanPool | undefined {
    const worker = workerToStart(DEFAULT_WORKER, options);
    return worker && new CleanPool(worker.file, worker.threads);
  }

  /** Adapts `raws` in slices across the workers; results come back in the order of `raws`. */
  async adaptEach(raws: readonly RawItem[], source: SourceConfig, options: CleanOptions): Promise<Adapted[]> {
    const slices: Array<Promise<Adapted[]>> = [];
    for (let i = 0; i < raws.length; i += ITEMS_PER_TASK) {
      const task: CleanTask = { raws: raws.slice(i, i + ITEMS_PER_TASK), source, options: { images: options.images, script: options.script, leadCharacters: options.leadCharacters } };
      slices.push(this.pool.run(task) as Promise<Adapted[]>);
    }
    return (await Promise.all(slices)).flat();
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
