/**
 * The dedup worker (dedup/in-worker.ts): given a build's items in dedup order with their words, it posts
 * back their clusters, once. It reads the general corpus's table as soon as it starts, so that is done
 * while the build hands out its feeds.
 */
import { parentPort } from 'node:worker_threads';
import { readBackground } from './background.js';
import { clustersOf, type DedupOptions, type IssuedStoryIds } from './index.js';
import type { DedupRecord } from './in-worker.js';
import { markedCurrent } from './terms.js';

export interface DedupTask {
  /** Items in dedup order (`inDedupOrder`), each with its current words (`currentTermsOf`). */
  items: DedupRecord[];
  options: DedupOptions;
  /** Story ids already issued to any of these items. */
  issued: IssuedStoryIds;
}

/** What the worker posts back: the clusters, or why there are none. */
export type DedupOutcome = { clusters: number[][] } | { error: string };

export function dedupTask(task: DedupTask): number[][] {
  const { leadCharacters } = task.options;
  return clustersOf(task.items, task.options, task.issued, (item) => markedCurrent(item.terms, leadCharacters));
}

if (parentPort !== null) {
  const port = parentPort;
  // Listening before the table is read: a task posted meanwhile waits in the port, then runs.
  port.once('message', (task: DedupTask) => {
    let outcome: DedupOutcome;
    try {
      outcome = { clusters: dedupTask(task) };
    } catch (error) {
      outcome = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(outcome);
  });
  readBackground();
}
