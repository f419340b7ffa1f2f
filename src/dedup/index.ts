import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { OutletId, Story } from '../types.js';
import { forEachCandidate } from './candidates.js';
import { averageLinkClusters, type ScoredPair } from './cluster.js';
import { buildDocs, CandidateScorer, pairScore, type Doc } from './similarity.js';
import { ownTerms, type DedupItem, type TermsOf } from './terms.js';

export type { DedupItem, TermsOf } from './terms.js';
export { readBackground } from './background.js';

export type DedupOptions = Config['dedup'];

/** Story ids already issued in earlier runs, by member item id (kept by the store). */
export type IssuedStoryIds = ReadonlyMap<string, string>;

export function storyId(firstItemId: string): string {
  return `urn:huiliu:story:${createHash('sha256').update(firstItemId).digest('hex').slice(0, 24)}`;
}

const time = (item: DedupItem): number => item.published?.getTime() ?? Number.POSITIVE_INFINITY;

/** Items in the order dedup works in: by time, undated last, ties by id (so a run is reproducible). */
export function inDedupOrder<T extends DedupItem>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => time(a) - time(b) || a.id.localeCompare(b.id));
}

/** Comparable docs of items already in dedup order. */
export function comparableDocs<T extends DedupItem>(sorted: readonly T[], options: DedupOptions, termsOf: TermsOf<T> = ownTerms): Doc[] {
  return buildDocs(sorted, options, termsOf);
}

const textLength = (item: DedupItem): number => ('text' in item ? item.text.length : item.textLength);

function chooseRepresentative<T extends DedupItem>(items: readonly T[], rule: DedupOptions['representative']): T {
  if (rule === 'earliest') return items[0]!;
  if (rule === 'longest') return items.reduce((best, it) => (textLength(it) > textLength(best) ? it : best));
  const rank = (outlet: OutletId): number => {
    const i = rule.indexOf(outlet);
    return i < 0 ? rule.length : i;
  };
  return items.reduce((best, it) => (rank(it.outlet) < rank(best.outlet) ? it : best));
}

/** Item indices (into `sorted`) grouped into stories. */
export function clusterDocs(docs: readonly Doc[], options: DedupOptions, issued: IssuedStoryIds): number[][] {
  // Not memoised: the average-link check scores the few cross pairs of two small clusters.
  const score = (a: number, b: number): number => pairScore(docs[a]!, docs[b]!, options);
  // Only pairs that clear the threshold are kept: clustering considers no others.
  const pairs: ScoredPair[] = [];
  if (options.enabled && docs.length > 0) {
    const scorer = new CandidateScorer(docs[0]!.vocabulary.terms.length, options);
    forEachCandidate(docs, options.windowHours, (x, partners) => {
      scorer.spread(docs[x]!);
      for (const y of partners) {
        const s = scorer.score(docs[y]!);
        if (s >= options.threshold) pairs.push({ a: x, b: y, score: s });
      }
    });
  }
  return averageLinkClusters(docs.length, pairs, {
    threshold: options.threshold,
    score,
    issuedOf: (i) => issued.get(docs[i]!.profile.id),
  });
}

/**
 * Groups items into stories: reports of one event, across outlets. See docs/dedup.md for how it decides.
 * `issued` keeps story ids stable across runs. In a build, `items` are the current items and the ones the
 * store retains from recent runs, so IDF is taken over a rolling corpus of recent reports; they are
 * heads, and `termsOf` reads their words from the build's shelf (whole Items carry their own).
 */
export function dedupItems<T extends DedupItem>(
  items: readonly T[],
  options: DedupOptions,
  now: Date,
  issued: IssuedStoryIds = new Map(),
  termsOf: TermsOf<T> = ownTerms,
): Array<Story<T>> {
  const sorted = inDedupOrder(items);
  return storiesOf(sorted, clustersOf(sorted, options, issued, termsOf), options, now, issued);
}

/**
 * The stories of items already in dedup order, as indices into `sorted`: the costly part of
 * `dedupItems`, and all of what a dedup worker does (dedup/in-worker.ts).
 */
export function clustersOf<T extends DedupItem>(sorted: readonly T[], options: DedupOptions, issued: IssuedStoryIds, termsOf: TermsOf<T> = ownTerms): number[][] {
  return options.enabled && sorted.length > 1 ? clusterDocs(comparableDocs(sorted, options, termsOf), options, issued) : sorted.map((_, i) => [i]);
}

/** Stories of items in dedup order, from their clusters (`clustersOf`): ids, representative, dates. */
export function storiesOf<T extends DedupItem>(
  sorted: readonly T[],
  clusters: ReadonlyArray<readonly number[]>,
  options: DedupOptions,
  now: Date,
  issued: IssuedStoryIds,
): Array<Story<T>> {
  return clusters.map((members) => {
    const storyItems = members.map((i) => sorted[i]!);
    const dated = storyItems.filter((it) => it.published).map((it) => it.published!.getTime());
    // Undated stories change when a member was first seen, not on every run.
    const seen = storyItems.filter((it) => it.firstSeen).map((it) => it.firstSeen!.getTime());
    // Once issued, a story keeps its id when later items join.
    const knownId = storyItems.map((it) => issued.get(it.id)).find((id) => id !== undefined);
    return {
      id: knownId ?? storyId(storyItems[0]!.id),
      items: storyItems,
      representative: chooseRepresentative(storyItems, options.representative),
      published: dated.length ? new Date(Math.min(...dated)) : undefined,
      updated: dated.length ? new Date(Math.max(...dated)) : seen.length ? new Date(Math.max(...seen)) : now,
    };
  });
}
