import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Item, OutletId, Story } from '../types.js';
import { foldForComparison, LEAD_CHARACTERS, words } from './text.js';

export type DedupOptions = Config['dedup'];

/** Story ids already issued in earlier runs, by member item id (kept by the store). */
export type IssuedStoryIds = ReadonlyMap<string, string>;

/** Title words count this many times: the title names the event most precisely. */
const TITLE_WEIGHT = 3;
/** Words in more than this share of documents say nothing about the event and are not indexed. */
const MAX_DOCUMENT_FREQUENCY = 0.2;
/** Same-outlet pairs are usually two developments told with one template, not one story told twice. */
const SAME_OUTLET_FACTOR = 0.7;
/** Digests cover several events; merging them would bridge unrelated stories. */
const DIGEST_TITLE = /^(简报|新闻简报|早报|晚报|要闻|报刊摘要|媒体综述)[：:]/;

type Vector = Map<string, number>;

export interface Doc {
  item: Item;
  vector: Vector;
  norm: number;
  digest: boolean;
}

function termCounts(item: Item): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (terms: string[], weight: number): void => {
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + weight);
  };
  add(words(foldForComparison(item.title)), TITLE_WEIGHT);
  add(words(foldForComparison(item.text.slice(0, LEAD_CHARACTERS))), 1);
  return counts;
}

function cosine(a: Doc, b: Doc): number {
  const [small, large] = a.vector.size < b.vector.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, w] of small.vector) {
    const other = large.vector.get(term);
    if (other !== undefined) dot += w * other;
  }
  return a.norm === 0 || b.norm === 0 ? 0 : dot / (a.norm * b.norm);
}

/** Within the window, or no date to judge by: an undated item is never excluded by time. */
function withinWindow(a: Item, b: Item, windowHours: number): boolean {
  if (!a.published || !b.published) return true;
  return Math.abs(a.published.getTime() - b.published.getTime()) <= windowHours * 3_600_000;
}

/** Similarity of two items as dedup judges it: TF-IDF cosine, discounted for same-outlet pairs. */
export function similarity(a: Doc, b: Doc): number {
  const score = cosine(a, b);
  return a.item.outlet === b.item.outlet ? score * SAME_OUTLET_FACTOR : score;
}

export function buildDocs(items: readonly Item[]): Doc[] {
  const counts = items.map(termCounts);
  const df = new Map<string, number>();
  for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = items.length;
  return items.map((item, i) => {
    const vector: Vector = new Map();
    let sumSquares = 0;
    for (const [term, tf] of counts[i]!) {
      const weight = tf * Math.log(1 + n / df.get(term)!);
      vector.set(term, weight);
      sumSquares += weight * weight;
    }
    return { item, vector, norm: Math.sqrt(sumSquares), digest: DIGEST_TITLE.test(item.title) };
  });
}

/** Candidate pairs through an inverted index of the rarer words, so cost grows with overlaps, not n². */
function candidatePairs(docs: readonly Doc[]): Array<[number, number]> {
  const limit = Math.max(2, Math.floor(docs.length * MAX_DOCUMENT_FREQUENCY));
  const postings = new Map<string, number[]>();
  docs.forEach((doc, i) => {
    if (doc.digest) return;
    for (const term of doc.vector.keys()) {
      const list = postings.get(term);
      if (list) list.push(i);
      else postings.set(term, [i]);
    }
  });
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > limit) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const key = list[x]! * docs.length + list[y]!;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([list[x]!, list[y]!]);
      }
    }
  }
  return pairs;
}

export function storyId(firstItemId: string): string {
  return `urn:huiliu:story:${createHash('sha256').update(firstItemId).digest('hex').slice(0, 24)}`;
}

const time = (item: Item): number => item.published?.getTime() ?? Number.POSITIVE_INFINITY;

function chooseRepresentative(items: readonly Item[], rule: DedupOptions['representative']): Item {
  if (rule === 'earliest') return items[0]!;
  if (rule === 'longest') return items.reduce((best, it) => (it.text.length > best.text.length ? it : best));
  const rank = (outlet: OutletId): number => {
    const i = rule.indexOf(outlet);
    return i < 0 ? rule.length : i;
  };
  return items.reduce((best, it) => (rank(it.outlet) < rank(best.outlet) ? it : best));
}

/**
 * Groups items into stories. Average-link: a pair above the threshold joins two clusters only if the
 * average similarity across all their members also clears it, so one bridge item cannot chain stories.
 */
export function dedupItems(
  items: readonly Item[],
  options: DedupOptions,
  now: Date,
  issued: IssuedStoryIds = new Map(),
): Story[] {
  const sorted = [...items].sort((a, b) => time(a) - time(b) || a.id.localeCompare(b.id));
  const clusters = sorted.map((_, i) => [i]);
  const clusterOf = sorted.map((_, i) => i);
  if (options.enabled && sorted.length > 1) {
    const docs = buildDocs(sorted);
    const scored = candidatePairs(docs)
      .filter(([a, b]) => withinWindow(sorted[a]!, sorted[b]!, options.windowHours))
      .map(([a, b]) => ({ a, b, score: similarity(docs[a]!, docs[b]!) }))
      .filter((p) => p.score >= options.threshold)
      .sort((p, q) => q.score - p.score);
    for (const { a, b } of scored) {
      const ca = clusterOf[a]!;
      const cb = clusterOf[b]!;
      if (ca === cb) continue;
      const membersA = clusters[ca]!;
      const membersB = clusters[cb]!;
      let total = 0;
      for (const x of membersA) for (const y of membersB) total += similarity(docs[x]!, docs[y]!);
      if (total / (membersA.length * membersB.length) < options.threshold) continue;
      for (const y of membersB) clusterOf[y] = ca;
      clusters[ca] = [...membersA, ...membersB];
      clusters[cb] = [];
    }
  }
  return clusters
    .filter((members) => members.length > 0)
    .map((members) => {
      const storyItems = members.sort((x, y) => x - y).map((i) => sorted[i]!);
      const dated = storyItems.filter((it) => it.published).map((it) => it.published!.getTime());
      // Undated stories change when a member was first seen, not on every run.
      const seen = storyItems.filter((it) => it.firstSeen).map((it) => it.firstSeen!.getTime());
      // Once issued, a story keeps its id when later items join: the earliest member's issued id wins.
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
