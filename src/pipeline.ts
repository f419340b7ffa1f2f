import { Cleaner, type CleanCache, type CleanCacheUse } from './adapters/cleaner.js';
import { sourceMadeWith } from './adapters/clean-key.js';
import { CleanPool } from './adapters/pool.js';
import type { LoadedConfig, SourceConfig } from './config.js';
import { dedupItems, inDedupOrder, readBackground, storiesOf, type IssuedStoryIds } from './dedup/index.js';
import { DEDUP_CHUNK_ITEMS, type DedupInWorker } from './dedup/in-worker.js';
import { currentTermsOf } from './dedup/terms.js';
import { channelRecipes, mergedRecipe } from './emit/documents.js';
import { mergedParts, outletParts, recipeFingerprints, renderedHere, type OutputPart, type PublishedFile } from './emit/feeds.js';
import { renderAhead, type RenderPool } from './emit/render-pool.js';
import { describeError } from './errors.js';
import { mapConcurrently } from './fetch/concurrency.js';
import { HttpClient, httpOptionsFrom, type Validators } from './fetch/http.js';
import { readSource } from './fetch/read-source.js';
import { outputsFingerprint } from './output/fingerprint.js';
import { parseDocument } from './parse/index.js';
import type { RuleHits } from './clean/rules.js';
import {
  emptyMemory,
  issuedStoryIds,
  lastGoodItems,
  retainedItems,
  validatorsFor,
  withFirstSeen,
  type Memory,
} from './store/memory.js';
import { ContentShelf } from './store/shelf.js';
import type { ItemHead, Story } from './types.js';

/** What happened to one source in one build. */
export interface SourceReport {
  id: string;
  ok: boolean;
  items: number;
  unrecognised: number;
  error?: string;
  hits: RuleHits;
  /** 'fresh': a new document was read; 'unchanged': the server answered 304 and the stored items were reused. */
  fetch?: 'fresh' | 'unchanged';
  /** HTTP validators of a fresh response, for the next conditional GET. */
  validators?: Validators;
}

export interface BuildResult {
  sources: SourceReport[];
  /** What the upstreams list now: items read this run, or the stored last good fetch (304 or failure). */
  current: ItemHead[];
  /** Everything in the outputs: `current` plus the retained items upstreams have dropped. */
  items: ItemHead[];
  stories: Array<Story<ItemHead>>;
  /** The articles of `items` (`shelf.itemOf` makes an item whole again), until the caller closes it. */
  shelf: ContentShelf;
  /**
   * The output files, in emit's `outputParts` order, made and rendered one by one as they are taken
   * (so that publish can write each before the next is made), or rendered ahead by a render worker
   * (`startRenderPool`; when it was handed the outlet feeds before dedup, the merged feed is rendered on
   * this thread as the first file is taken). Iterate once. The files of a feed whose document is
   * unchanged since it was last published (`lastDocuments`) are KeptFiles.
   */
  files: Iterable<PublishedFile> | AsyncIterable<PublishedFile>;
  /** Stops the workers rendering `files`, if the build started any: call it once `files` are taken, or given up. */
  closeRenderPool: () => Promise<void>;
  /** Each feed document's fingerprint (emit `documentFingerprints`), for the store to compare with next time. */
  documents: Map<string, string>;
  /** Cleaned items made and reused this build, for the store's clean cache. */
  cleanCache: CleanCacheUse;
  /**
   * The hash of what made these outputs (output/fingerprint.ts), as the next build will compute it: with
   * the story ids this build issues, which the next build reads from the store.
   */
  fingerprint: string;
  /**
   * The fingerprint matched `lastFingerprint`: the published files are already these outputs, so dedup
   * and emit were skipped and `stories` and `files` are empty.
   */
  outputsUnchanged: boolean;
}

/** The clock and the store's memory are passed in, so a build is a function of its inputs. */
export interface BuildContext {
  now: Date;
  /** What earlier runs left (src/store); without it a build starts from nothing. */
  memory?: Memory;
  /** Fetches http(s) sources; by default a client made from `config.fetch` for this build. */
  http?: HttpClient;
  /** Aborts fetches in flight (watch stopping). */
  signal?: AbortSignal;
  /** Items cleaned by earlier runs, by content hash (the store's); without it every item is cleaned. */
  cleanCache?: CleanCache;
  /** The fingerprint of the outputs the output folder holds now, when it holds them all. */
  lastFingerprint?: string;
  /** The fingerprints of the feed documents whose files the output folder holds now, when it holds them all. */
  lastDocuments?: ReadonlyMap<string, string>;
  /**
   * Where the build keeps its items' articles (a new shelf when absent; the caller closes it). With
   * `memory`, its `stored` must give the content of memory's items (the store's `contentOf`).
   */
  shelf?: ContentShelf;
  /**
   * Starts the workers that render the feeds of a build whose outlet feeds to render hold this many
   * items, or gives none (each feed is rendered on this thread as it is taken). Without it, feeds are
   * rendered on this thread.
   */
  startRenderPool?: (items: number) => RenderPool | undefined;
  /**
   * Starts a worker that runs dedup (dedup/in-worker.ts) while a build records this many items read
   * fresh, or gives none (dedup runs on this thread).
   */
  startDedupWorker?: (items: number) => DedupInWorker | undefined;
  /**
   * Records the run as collected (the store's `beginRecord`), once a build, after collecting: while dedup
   * runs in its worker, else after dedup. Story ids are the build's result (`stories`).
   */
  record?: (collected: CollectedRun) => void;
}

/** What a build read: every source's outcome, what upstreams list now, and what the clean cache did. */
export type CollectedRun = Pick<BuildResult, 'sources' | 'current' | 'cleanCache'>;

/**
 * fetch → parse → adapt + clean, for one source. A failure is reported, never thrown past the source;
 * a 304 or a failure republishes the source's last good fetch from memory.
 */
async function collectSource(
  source: SourceConfig,
  loaded: LoadedConfig,
  memory: Memory,
  http: HttpClient,
  cleaner: Cleaner,
): Promise<{ report: SourceReport; items: ItemHead[] }> {
  const lastGood = (): ItemHead[] => cleaner.shelf.refer(lastGoodItems(memory, source.id));
  try {
    const read = await readSource(source, loaded.dir, http, validatorsFor(memory, source), sourceMadeWith(source, loaded.config));
    if (read.status === 'unchanged') {
      const items = lastGood();
      const hits = memory.sources.get(source.id)?.hits ?? {};
      return { report: { id: source.id, ok: true, items: items.length, unrecognised: 0, hits, fetch: 'unchanged' }, items };
    }
    const raws = read.documents.flatMap((doc) => parseDocument(doc, source.id));
    const { items, unrecognised, hits } = await cleaner.adaptSource(raws, source);
    const report: SourceReport = { id: source.id, ok: true, items: items.length, unrecognised, hits, fetch: 'fresh' };
    if (read.validators) report.validators = read.validators;
    return { report, items };
  } catch (error) {
    return {
      report: { id: source.id, ok: false, items: 0, unrecognised: 0, error: describeError(error), hits: {} },
      items: lastGood(),
    };
  }
}

/** Story ids once this build is recorded: the store issues each new story's id to its members. */
function issuedAfter(issued: IssuedStoryIds, stories: ReadonlyArray<Story<ItemHead>>): IssuedStoryIds {
  const after = new Map(issued);
  for (const story of stories) for (const item of story.items) if (!after.has(item.id)) after.set(item.id, story.id);
  return after;
}

/**
 * Every source read, parsed, adapted and cleaned: what dedup gets (also for `huiliu explain`). Items are
 * heads; their articles are on `shelf`.
 */
export async function collectItems(
  loaded: LoadedConfig,
  context: Omit<BuildContext, 'now'> = {},
): Promise<{ sources: SourceReport[]; current: ItemHead[]; cleanCache: BuildResult['cleanCache']; shelf: ContentShelf }> {
  const { config } = loaded;
  const memory = context.memory ?? emptyMemory;
  const http = context.http ?? new HttpClient(httpOptionsFrom(config.fetch, context.signal));
  const shelf = context.shelf ?? new ContentShelf();
  // Dedup's words are worked out as items are cleaned (on every core, cached with them), when dedup runs.
  const cleaner = new Cleaner(
    { images: config.images, script: config.script, ...(config.dedup.enabled ? { leadCharacters: config.dedup.leadCharacters } : {}) },
    context.cleanCache,
    {
      startPool: () => CleanPool.start(config.threads === undefined ? {} : { threads: config.threads }),
      shelf,
      sources: config.sources.length,
    },
  );
  let collected;
  try {
    collected = await mapConcurrently(config.sources, config.fetch.concurrency, (source) =>
      collectSource(source, loaded, memory, http, cleaner),
    );
  } finally {
    await cleaner.close();
    if (context.http === undefined) await http.close();
  }
  return { sources: collected.map((c) => c.report), current: collected.flatMap((c) => c.items), cleanCache: cleaner.use, shelf };
}

/**
 * One build: every source, then retention, dedup across all of them, and the output feeds to be rendered
 * as they are written (`files`). Writes nothing.
 */
export async function build(loaded: LoadedConfig, context: BuildContext): Promise<BuildResult> {
  const { config } = loaded;
  const memory = context.memory ?? emptyMemory;
  const { sources, current, cleanCache, shelf } = await collectItems(loaded, { ...context, memory });
  const record = () => context.record?.({ sources, current, cleanCache });
  const retained = shelf.refer(retainedItems(memory, current, config.sources.map((s) => s.id), config.retention, context.now));
  const items = withFirstSeen([...current, ...retained], memory, context.now);
  const issued = issuedStoryIds(memory);
  if (context.lastFingerprint !== undefined && items.length > 0) {
    const fingerprint = outputsFingerprint(items, issued, config);
    if (fingerprint === context.lastFingerprint) {
      record();
      const closeRenderPool = () => Promise.resolve();
      return { sources, current, items, stories: [], files: [], closeRenderPool, documents: new Map(), shelf, cleanCache, fingerprint, outputsUnchanged: true };
    }
  }
  const { title, subtitle, formats, baseUrl } = config;
  const emitOptions = { title, subtitle, formats, baseUrl, now: context.now, maxStories: config.retention.maxStories };
  const contentOf = (item: ItemHead) => shelf.contentOf(item);
  // A feed made of the same things as when it was last published is kept as the output folder holds it:
  // when a few sources change, the others' feeds are neither read back from the store nor rendered.
  const articleHashOf = (item: ItemHead) => item.contentDigest;
  const keptOf = (documents: ReadonlyMap<string, string>) =>
    new Set([...documents].filter(([name, fingerprint]) => context.lastDocuments?.get(name) === fingerprint).map(([name]) => name));
  const outletDocuments = recipeFingerprints(channelRecipes(items, emitOptions), emitOptions, articleHashOf);
  const keptOutlets = keptOf(outletDocuments);
  const outlets = outletParts(items, emitOptions, contentOf, keptOutlets);
  // The outlet feeds do not depend on dedup. With a render worker they are handed out before dedup and
  // rendered while it holds this thread; the worker must be up first, for no task is dispatched meanwhile.
  // Not in a build whose articles spilled to disk (store/shelf.ts), whose memory is tight: with a worker
  // and its feeds waiting beside dedup and recording, 100k items peaked past 1 GB. Its worker starts
  // when publish takes the first file, and renders while publish writes.
  const itemsToRender = items.filter((item) => !keptOutlets.has(item.channel)).length;
  const beforeDedup = !shelf.spilled;
  // Dedup runs in a worker of its own while this thread records the run, when there is much to record
  // (items read fresh).
  const freshSources = new Set(sources.filter((source) => source.fetch === 'fresh').map((source) => source.id));
  const itemsToRecord = current.filter((item) => freshSources.has(item.sourceId)).length;
  const dedupWorker = config.dedup.enabled && items.length > 1 ? context.startDedupWorker?.(itemsToRecord) : undefined;
  let renderPool: RenderPool | undefined;
  const startRenderPool = async (): Promise<RenderPool | undefined> => {
    const pool = context.startRenderPool?.(itemsToRender);
    if (pool === undefined) return undefined;
    renderPool = pool;
    const ready = pool.ready();
    // Dedup on this thread reads its corpus table first thing; it is read while the worker loads instead.
    if (beforeDedup && config.dedup.enabled && dedupWorker === undefined) readBackground();
    await ready;
    return pool;
  };
  const closeRenderPool = async (): Promise<void> => {
    const pool = renderPool;
    renderPool = undefined;
    await pool?.close();
  };
  try {
    // A dedup worker starts on its task while the render worker loads.
    const storiesRecording = startDedup(items, config, context, issued, shelf, dedupWorker);
    const early = beforeDedup ? await startRenderPool() : undefined;
    const outletsAhead = early === undefined ? undefined : renderAhead(outlets, early);
    const stories = await storiesRecording(record);
    const documents = new Map([...recipeFingerprints([mergedRecipe(stories, emitOptions)], emitOptions, articleHashOf), ...outletDocuments]);
    const merged = mergedParts(stories, items, emitOptions, contentOf, keptOf(documents));
    // A worker started as publish takes the files shares the rendering with this thread from the first.
    const rendered = (pool: RenderPool | undefined) =>
      pool === undefined
        ? concatenated(renderedHere(outlets), renderedHere(merged))
        : concatenated(renderAhead(outlets, pool, { handOutNow: false }), renderAhead(merged, pool, { handOutNow: false }));
    const files =
      outletsAhead !== undefined
        ? withMergedRenderedHere(outletsAhead, merged)
        : beforeDedup
          ? rendered(undefined)
          : whenTaken(async () => rendered(await startRenderPool()));
    const fingerprint = outputsFingerprint(items, issuedAfter(issued, stories), config);
    return { sources, current, items, stories, files, closeRenderPool, documents, shelf, cleanCache, fingerprint, outputsUnchanged: false };
  } catch (error) {
    await closeRenderPool();
    throw error;
  } finally {
    await dedupWorker?.close();
  }
}

/**
 * Chunks of words a spilled build keeps in flight to its dedup worker: enough that the worker never waits
 * for the next while this thread reads it from disk, few enough that they cost a few MB.
 */
const SPILLED_CHUNKS_AHEAD = 4;

/**
 * Dedup across every item, begun now in `worker` (in a build in memory every item is posted at once and
 * the worker dedups while this thread goes on; a spilled build sends them as the worker takes them),
 * else on this thread when asked. Returns the asking: once every item is sent it records the run
 * (`record`) while the worker dedups, or after dedup on this thread, and gives the stories.
 */
function startDedup(
  items: ItemHead[],
  config: LoadedConfig['config'],
  context: BuildContext,
  issued: IssuedStoryIds,
  shelf: ContentShelf,
  worker: DedupInWorker | undefined,
): (record: () => void) => Promise<Array<Story<ItemHead>>> {
  // Words as made when the item was cleaned (an earlier run's are read from the store without the
  // article), or made again now if other dedup code made them.
  const { leadCharacters } = config.dedup;
  const termsOf = (head: ItemHead) => currentTermsOf(head.title, shelf.termsOf(head), () => shelf.contentOf(head).text, leadCharacters);
  if (worker === undefined) {
    return async (record) => {
      const stories = dedupItems(items, config.dedup, context.now, issued, termsOf);
      record();
      return stories;
    };
  }
  const sorted = inDedupOrder(items);
  // A spilled build's words are read from disk as each chunk goes, a few chunks ahead of the worker.
  const pace = shelf.spilled ? { chunkItems: DEDUP_CHUNK_ITEMS, ahead: SPILLED_CHUNKS_AHEAD } : undefined;
  const { sent, clusters } = worker.dedup(sorted, config.dedup, issued, termsOf, pace);
  return async (record) => {
    await sent;
    record();
    return storiesOf(sorted, await clusters, config.dedup, context.now, issued);
  };
}

/**
 * The outlet feeds' files as the render worker hands them back, then the merged feed's, rendered on this
 * thread when the first file is asked for. By then the worker is still rendering the outlet feeds it was
 * handed before dedup; the merged feed, made only after dedup, would otherwise wait behind them while
 * this thread waits too.
 */
async function* withMergedRenderedHere(outletFiles: AsyncIterable<PublishedFile>, merged: Iterable<OutputPart>): AsyncGenerator<PublishedFile, void, undefined> {
  const mergedFiles = [...renderedHere(merged)];
  yield* outletFiles;
  yield* mergedFiles;
}

/** What `start` gives, started when the first element is asked for. */
async function* whenTaken<T>(start: () => Promise<AsyncIterable<T>>): AsyncGenerator<T, void, undefined> {
  yield* await start();
}

async function* concatenated<T>(...parts: Array<Iterable<T> | AsyncIterable<T>>): AsyncGenerator<T, void, undefined> {
  for (const part of parts) yield* part;
}
