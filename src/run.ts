import { existsSync } from 'node:fs';
import path from 'node:path';
import { addressOf } from './store/memory.js';
import type { LoadedConfig } from './config.js';
import { DedupWorker, DEDUP_WORKER_MIN_ITEMS, type DedupInWorker } from './dedup/in-worker.js';
import { RenderPool, RENDER_POOL_MIN_ITEMS } from './emit/render-pool.js';
import { lockOutput } from './output/lock.js';
import { publish, recoverPublish, STATE_DIR } from './output/publish.js';
import { statusFile } from './output/status.js';
import { build, type BuildResult, type CollectedRun, type SourceReport } from './pipeline.js';
import { ContentShelf } from './store/shelf.js';
import { Store, type RunRecording } from './store/sqlite.js';

/** Exit statuses: every source read; some failed but output was written; nothing could be built. */
export const EXIT_OK = 0;
export const EXIT_PARTIAL = 2;
export const EXIT_FAILED = 1;

export interface RunOptions {
  loaded: LoadedConfig;
  outDir: string;
  clock?: () => Date;
  /** Stops the run: fetches are abandoned and nothing is recorded or published. */
  signal?: AbortSignal;
  /**
   * Starts the workers that render a build's feeds when its outlet feeds to render hold this many items,
   * or gives none (rendering stays on the main thread): by default a RenderPool for `threads` from
   * RENDER_POOL_MIN_ITEMS items on.
   */
  startRenderPool?: (items: number) => RenderPool | undefined;
  /**
   * Starts the worker that runs dedup while a build records this many items read fresh, or gives none
   * (dedup runs on the main thread, before recording): by default a DedupWorker from
   * DEDUP_WORKER_MIN_ITEMS items on, when `threads` allows a second thread.
   */
  startDedupWorker?: (items: number) => DedupInWorker | undefined;
}

export interface RunSummary {
  status: typeof EXIT_OK | typeof EXIT_PARTIAL | typeof EXIT_FAILED;
  /** Stopped by the signal before anything was recorded or published. */
  abandoned: boolean;
  result: BuildResult;
  failed: SourceReport[];
  /** Items read from fresh documents (304s and failures reuse stored items). */
  fetched: number;
  /** Sources that answered 304. */
  unchanged: number;
  /** Stories whose id was issued in this run. */
  newStories: number;
  milliseconds: number;
}

/** The store file: `store` from the config (relative to its folder), else OUT/.huiliu/store.sqlite. */
export function storePath(loaded: LoadedConfig, outDir: string): string {
  const configured = loaded.config.store;
  return configured === undefined ? path.join(outDir, STATE_DIR, 'store.sqlite') : path.resolve(loaded.dir, configured);
}

/**
 * One run, the same for `build`, `watch` and `serve --watch`: lock the output folder, finish any publish
 * a killed run left, build with the store's memory, record the run in the store, publish feeds and
 * status.json. When every source failed, the feeds are left as they were and only status.json is written.
 */
export async function runBuild(options: RunOptions): Promise<RunSummary> {
  const { loaded, outDir } = options;
  const clock = options.clock ?? (() => new Date());
  const started = Date.now();
  const unlock = await lockOutput(outDir);
  try {
    await recoverPublish(outDir);
    const store = Store.open(storePath(loaded, outDir));
    // The build's articles: made now, in memory or (for a large build) in a temporary file; of earlier
    // runs, in the store until a feed or dedup reads them.
    const shelf = new ContentShelf({ stored: (item) => store.contentOf(item.id), storedTerms: (item) => store.termsOf(item.id) });
    let result: BuildResult | undefined;
    let recording: RunRecording | undefined;
    try {
      const memory = store.load();
      const now = clock();
      // Outputs already published, and still all in the folder, need not be made again (pipeline: outputsUnchanged).
      const published = store.published();
      const holdsAll = published !== undefined && published.files.every((name) => existsSync(path.join(outDir, name)));
      const last = holdsAll ? { lastFingerprint: published.fingerprint, lastDocuments: published.documents } : {};
      const { threads } = loaded.config;
      const threadsOption = threads === undefined ? {} : { threads };
      const startRenderPool =
        options.startRenderPool ?? ((items: number) => (items >= RENDER_POOL_MIN_ITEMS ? RenderPool.start(threadsOption) : undefined));
      const startDedupWorker =
        options.startDedupWorker ?? ((items: number) => (items >= DEDUP_WORKER_MIN_ITEMS ? DedupWorker.start(threadsOption) : undefined));
      const addresses = new Map(loaded.config.sources.map((s) => [s.id, addressOf(s)]));
      // The run is recorded in one transaction, begun once the sources are read (while dedup runs, when a
      // worker runs it) and finished with the story ids. Render workers go on rendering the feeds handed
      // to them meanwhile. Nothing is published before the store holds the run, so every published story
      // id is in the store.
      const record = (collected: CollectedRun) => {
        recording = store.beginRecord({
          sources: collected.sources,
          addresses,
          current: collected.current,
          itemOf: (head) => shelf.itemOf(head),
          headOf: (head) => head,
          now,
          keepContentDays: loaded.config.retention.days,
          cleanCache: collected.cleanCache,
        });
      };
      result = await build(loaded, {
        now,
        memory,
        signal: options.signal,
        cleanCache: store.cleanCache(),
        shelf,
        startRenderPool,
        startDedupWorker,
        record,
        ...last,
      });
      const failed = result.sources.filter((s) => !s.ok);
      const allFailed = failed.length === result.sources.length;
      const summary: RunSummary = {
        status: allFailed ? EXIT_FAILED : failed.length > 0 ? EXIT_PARTIAL : EXIT_OK,
        abandoned: options.signal?.aborted ?? false,
        result,
        failed,
        fetched: result.sources.filter((s) => s.fetch === 'fresh').reduce((n, s) => n + s.items, 0),
        unchanged: result.sources.filter((s) => s.fetch === 'unchanged').length,
        newStories: result.stories.filter((story) => !story.items.some((it) => memory.items.get(it.id)?.storyId === story.id)).length,
        milliseconds: 0,
      };
      // An abandoned run leaves the store as it was (`finally` rolls the recording back).
      if (summary.abandoned) return { ...summary, milliseconds: Date.now() - started };

      const newOutputs = !allFailed && !result.outputsUnchanged;
      if (recording === undefined) throw new Error('build: the run was never recorded');
      recording.finish(result.stories);
      const perSource = new Map<string, number>();
      for (const item of result.current) perSource.set(item.sourceId, (perSource.get(item.sourceId) ?? 0) + 1);
      const status = statusFile(result.sources, addresses, store.sources(), perSource, now);
      // The feeds are published one at a time as they are rendered. A feed that fails to render
      // publishes nothing and records no fingerprint, so the next run renders again.
      // What was published before is forgotten first: should the run be killed before it records the new
      // set, the next run renders everything rather than trust a record of files no longer there.
      if (newOutputs) store.forgetPublished();
      const names = await publish(outDir, followedBy(newOutputs ? result.files : [], status), { prune: newOutputs });
      if (newOutputs) store.recordPublished(result.fingerprint, names.filter((name) => name !== status.name), result.documents);
      return { ...summary, milliseconds: Date.now() - started };
    } finally {
      recording?.abandon();
      await result?.closeRenderPool();
      shelf.close();
      store.close();
    }
  } finally {
    await unlock();
  }
}

async function* followedBy<T>(first: Iterable<T> | AsyncIterable<T>, last: T): AsyncGenerator<T, void, undefined> {
  yield* first;
  yield last;
}

/** One line per run, for logs: what was fetched, what is new, what failed, how long it took. */
export function summaryLine(summary: RunSummary, outDir: string): string {
  const { result } = summary;
  const merged = result.stories.filter((s) => s.items.length > 1).length;
  const outputs = result.outputsUnchanged
    ? `${result.items.length} items, outputs unchanged`
    : `${result.items.length} items → ${result.stories.length} stories (${merged} merged, ${summary.newStories} new)`;
  const failures = summary.failed.length === 0 ? 'no failures' : `${summary.failed.length} failed (${summary.failed.map((s) => s.id).join(', ')})`;
  const unchanged = summary.unchanged > 0 ? `, ${summary.unchanged} sources unchanged` : '';
  return (
    `huiliu: ${summary.fetched} items fetched${unchanged}; ${outputs}; ${failures}; ${(summary.milliseconds / 1000).toFixed(1)} s; ${outDir}`
  );
}
