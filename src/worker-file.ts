import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/** How a stage that may run in worker threads is asked to start them. */
export interface WorkerOptions {
  /** The compiled worker module; the stage's own by default. */
  workerFile?: URL;
  /** Threads the build may use; one per core by default. */
  threads?: number;
}

/**
 * The worker module a stage starts and the threads the build may use, or undefined when the stage runs
 * on the calling thread instead: one thread allowed, or no compiled worker to run (huiliu run from its
 * TypeScript sources, as the tests mostly do; a worker thread cannot load TypeScript).
 */
export function workerToStart(defaultFile: URL, options: WorkerOptions): { file: URL; threads: number } | undefined {
  const file = options.workerFile ?? defaultFile;
  const threads = options.threads ?? availableParallelism();
  if (threads < 2 || !existsSync(fileURLToPath(file))) return undefined;
  return { file, threads };
}
