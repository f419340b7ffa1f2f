import { entries, type Doc } from './similarity.js';

/** Each item is indexed under its this-many heaviest terms: two reports of one event share some of them. */
const INDEXED_TERMS = 12;
/**
 * A term among the words of more than this share of a large batch names no event; its postings would cost
 * n². Counted over every item's words, not over the items indexed under it: a common word is among the
 * heaviest terms of only the items with few words of their own, but it pairs each of them with all the
 * others in its window, and none of those pairs is one event for that word.
 */
const MAX_DOCUMENT_SHARE = 0.2;
/** A term held by at most this many items is always read: a small batch may be all about one affair. */
const ALWAYS_READ_POSTINGS = 50;

const hours = (doc: Doc): number | undefined => {
  const { time } = doc.profile;
  return time === undefined ? undefined : time / 3_600_000;
};

/** Ids of a doc's heaviest words; ties go to the term that sorts first, so the index is reproducible. */
function heaviestTerms(doc: Doc): number[] {
  const terms = doc.vocabulary.terms;
  return entries(doc.words)
    .sort(([x, wx], [y, wy]) => wy - wx || terms[x]!.localeCompare(terms[y]!))
    .slice(0, INDEXED_TERMS)
    .map(([id]) => id);
}

/** Every candidate pair, as `[earlier, later]` indices: for `huiliu explain` and tests. */
export function candidatePairs(docs: readonly Doc[], windowHours: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  forEachCandidate(docs, windowHours, (x, partners) => {
    for (const y of partners) pairs.push([x, y]);
  });
  return pairs;
}

/**
 * Candidate pairs (indices into `docs`, which are sorted by time, undated last) from an inverted index of
 * each item's heaviest terms, handed over one item at a time: `visit(x, partners)` gets the later items
 * `x` pairs with, ascending. Within a posting list only pairs inside the time window are produced, so the
 * cost grows with the items per window, not with n²; an undated item pairs with every item of its lists.
 * Nothing holds every pair at once: at 100,000 items there are millions.
 */
export function forEachCandidate(docs: readonly Doc[], windowHours: number, visit: (x: number, partners: readonly number[]) => void): void {
  const limit = Math.max(ALWAYS_READ_POSTINGS, Math.floor(docs.length * MAX_DOCUMENT_SHARE));
  const holders = docs[0]?.vocabulary.holders ?? new Int32Array();
  const indexed = docs.map((doc) => (doc.profile.digest ? [] : heaviestTerms(doc)));
  // Each posting list, and where each item sits in the lists of its terms.
  const postings = new Map<number, number[]>();
  const positions = indexed.map((terms, i) =>
    terms.map((term) => {
      const list = postings.get(term) ?? [];
      if (list.length === 0) postings.set(term, list);
      list.push(i);
      return list.length - 1;
    }),
  );
  // Each item's hour, NaN when undated: read millions of times below, so once into a flat array.
  const hour = Float64Array.from(docs, (doc) => hours(doc) ?? Number.NaN);
  const undatedFrom = new Map<number[], number>();
  for (const list of postings.values()) {
    const first = list.findIndex((i) => Number.isNaN(hour[i]!));
    undatedFrom.set(list, first < 0 ? list.length : first);
  }
  // Later partners of one item at a time. `seenBy[y] === x` marks y as already a partner of x: one flat
  // array for the whole run instead of a Set per item.
  const seenBy = new Int32Array(docs.length).fill(-1);
  indexed.forEach((terms, x) => {
    const from = hour[x]!;
    const partners: number[] = [];
    terms.forEach((term, t) => {
      const list = postings.get(term)!;
      if (list.length < 2 || holders[term]! > limit) return;
      const undated = undatedFrom.get(list)!;
      for (let k = positions[x]![t]! + 1; k < list.length; k++) {
        const y = list[k]!;
        const to = hour[y]!;
        // Lists are in time order, undated last: past the window, only the undated items remain to pair.
        if (to - from > windowHours) {
          k = undated - 1;
          continue;
        }
        if (seenBy[y] !== x) {
          seenBy[y] = x;
          partners.push(y);
        }
      }
    });
    if (partners.length > 0) visit(x, partners.sort((a, b) => a - b));
  });
}
