import type { Doc } from './similarity.js';

/** Each item is indexed under its this-many heaviest terms: two reports of one event share some of them. */
const INDEXED_TERMS = 12;
/** A term held by more than this share of a large batch names no event; its postings would cost n². */
const MAX_DOCUMENT_SHARE = 0.2;
/** Below this many holders a posting list is always read: a small batch may be all about one affair. */
const ALWAYS_READ_POSTINGS = 50;

const hours = (doc: Doc): number | undefined => {
  const published = doc.profile.item.published;
  return published === undefined ? undefined : published.getTime() / 3_600_000;
};

function heaviestTerms(doc: Doc): string[] {
  return [...doc.vector]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, INDEXED_TERMS)
    .map(([term]) => term);
}

/**
 * Candidate pairs (indices into `docs`, which are sorted by time, undated last) from an inverted index of
 * each item's heaviest terms. Within a posting list only pairs inside the time window are produced, so the
 * cost grows with the items per window, not with n²; an undated item pairs with every item of its lists.
 */
export function candidatePairs(docs: readonly Doc[], windowHours: number): Array<[number, number]> {
  const limit = Math.max(ALWAYS_READ_POSTINGS, Math.floor(docs.length * MAX_DOCUMENT_SHARE));
  const postings = new Map<string, number[]>();
  docs.forEach((doc, i) => {
    if (doc.profile.digest) return;
    for (const term of heaviestTerms(doc)) {
      const list = postings.get(term);
      if (list) list.push(i);
      else postings.set(term, [i]);
    }
  });
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  const add = (a: number, b: number): void => {
    const key = a * docs.length + b;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push([a, b]);
  };
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > limit) continue;
    const firstUndated = list.findIndex((i) => hours(docs[i]!) === undefined);
    const undatedFrom = firstUndated < 0 ? list.length : firstUndated;
    for (let x = 0; x < list.length; x++) {
      const from = hours(docs[list[x]!]!);
      for (let y = x + 1; y < list.length; y++) {
        const to = hours(docs[list[y]!]!);
        // Lists are in time order, undated last: past the window, only the undated items remain to pair.
        if (from !== undefined && to !== undefined && to - from > windowHours) {
          y = undatedFrom - 1;
          continue;
        }
        add(list[x]!, list[y]!);
      }
    }
  }
  return pairs;
}
