/**
 * The dedup worker (dedup/in-worker.ts): a build sends it its items in dedup order with their words, a
 * chunk at a time, and it posts back their clusters, once. Each chunk's words become term profiles as it
 * arrives (DocBuilder), and the chunk is acknowledged, so a build can keep only a few chunks in flight.
 * It reads the general corpus's table as soon as it starts, so that is done while the build hands out
 * its feeds.
 */
import { parentPort } from 'node:worker_threads';
import { readBackground } from './background.js';
import { clusterDocs, type DedupOptions, type IssuedStoryIds } from './index.js';
import type { DedupRecord } from './in-worker.js';
import { DocBuilder } from './similarity.js';
import { markedCurrent } from './terms.js';

/** What a build posts to the worker: `begin`, then `items` chunks in dedup order, then `end`. */
export type ToDedupWorker =
  | { kind: 'begin'; options: DedupOptions }
  | { kind: 'items'; items: DedupRecord[] }
  /** Story ids already issued to any of the items. */
  | { kind: 'end'; issued: IssuedStoryIds };

/** What the worker posts back: each chunk taken, then the clusters, or why there are none. */
export type FromDedupWorker = { kind: 'taken' } | { kind: 'clusters'; clusters: number[][] } | { kind: 'error'; error: string };

/** The worker's side of one dedup: the items' profiles as they arrive, then their clusters. */
export class StreamedDedup {
  private readonly docs: DocBuilder;

  constructor(private readonly options: DedupOptions) {
    this.docs = new DocBuilder(options);
  }

  /** Takes a chunk of items; their words become profiles now, and the records can go. */
  add(records: readonly DedupRecord[]): void {
    for (const { terms, ...head } of records) this.docs.add(head, markedCurrent(terms, this.options.leadCharacters));
  }

  /** The clusters of every item added (`clustersOf`), as indices in the order they were added. */
  clusters(issued: IssuedStoryIds): number[][] {
    return clusterDocs(this.docs.docs(), this.options, issued);
  }
}

if (parentPort !== null) {
  const port = parentPort;
  let dedup: StreamedDedup | undefined;
  let failed = false;
  // Listening before the table is read: messages posted meanwhile wait in the port, then run.
  port.on('message', (message: ToDedupWorker) => {
    if (failed) return;
    try {
      if (message.kind === 'begin') dedup = new StreamedDedup(message.options);
      else if (message.kind === 'items') {
        dedup!.add(message.items);
        port.postMessage({ kind: 'taken' } satisfies FromDedupWorker);
      } else {
        port.postMessage({ kind: 'clusters', clusters: dedup!.clusters(message.issued) } satisfies FromDedupWorker);
      }
    } catch (error) {
      failed = true;
      port.postMessage({ kind: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromDedupWorker);
    }
  });
  readBackground();
}
