import type { Item, ItemTerms } from '../types.js';
import { backgroundShare } from './background.js';
import { ownTerms, wordsOf, type DedupItem, type TermsOf } from './terms.js';
import type { MonthDay } from './text.js';
import { DIGEST_TITLES } from './variants.js';

/** What the pair score is made of; defaults and meaning are in the config schema (`dedup.*`). */
export interface ScoringOptions {
  windowHours: number;
  titleWeight: number;
  leadCharacters: number;
  weights: { words: number; salient: number; headline: number };
  sameOutletFactor: number;
  gapHours: number;
  gapFactor: number;
}

/** What pair scoring needs of an item besides its vectors. */
export interface Profile {
  /**
   * The item's id; not the item, which a dedup worker would otherwise hold for every item (about 450
   * bytes each) until dedup is done.
   */
  id: string;
  /** The item's date in ms and its outlet, read once: pair scoring compares them millions of times. */
  time: number | undefined;
  outlet: Item['outlet'];
  /** Days named in the title and lead (4月14日): they date an item that has no date of its own. */
  days: MonthDay[];
  digest: boolean;
}

/**
 * A sparse vector over a batch's vocabulary: term ids in ascending order and their weights, at
 * `start` to `end` of `ids` and `weights` (an Arena's buffers, shared by many vectors). Two vectors are
 * compared by walking both id lists once, which is several times faster than looking up every term of
 * one Map in another — and a build compares a few hundred thousand pairs.
 */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
  start: number;
  end: number;
}

/** The terms of one batch as small integers: a Doc's vectors are keyed by these ids. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly terms: string[] = [];
  /** How many of the batch's items have each term among their words (indexed by id); set when the docs are made. */
  holders = new Int32Array(0);

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
  }
}

/** One item ready to compare: TF-IDF word vector and IDF-weighted salient tokens, each scaled to unit length. */
export interface Doc {
  profile: Profile;
  vocabulary: Vocabulary;
  /** TF-IDF weights of the words, divided by their norm: a dot product of two is their cosine. */
  words: SparseVector;
  /** IDF of the names and numbers, divided by their norm. */
  salient: SparseVector;
  /** IDF of each headline word divided by their sum: the share of the headline each word is. */
  headline: SparseVector;
}

/** Entries per buffer of an Arena: 256 KB of ids, 512 KB of weights. */
const ARENA_CHUNK = 1 << 16;

/** Room for `length` ids and as many weights, at `start` of two buffers. */
interface Room {
  ids: Int32Array;
  weights: Float64Array;
  start: number;
}

/**
 * Ids and weights in a few large buffers, side by side: room taken at `start` of the ids buffer is at
 * `start` of the weights buffer too. A batch of 100,000 docs holds 300,000 vectors; made as arrays of
 * their own, each carried its own buffer (a C++ allocation, a heap object or two, malloc's bookkeeping),
 * about as much memory again as the numbers in them, and freed buffers fragmented the heap. Cut from
 * shared buffers as views, each view was still a heap object of about 100 bytes: at 100,000 items, six
 * per doc and four per term profile were 60 MB of a dedup worker's heap. So vectors are offsets into the
 * buffers; a buffer goes when the last vector in it does.
 */
class Arena {
  private ids = new Int32Array(0);
  private weights = new Float64Array(0);
  private used = 0;

  take(length: number): Room {
    if (this.used + length > this.ids.length) {
      this.ids = new Int32Array(Math.max(ARENA_CHUNK, length));
      this.weights = new Float64Array(this.ids.length);
      this.used = 0;
    }
    this.used += length;
    return { ids: this.ids, weights: this.weights, start: this.used - length };
  }
}

/**
 * One item's terms before weighting, as vocabulary ids in the order first met: word counts (title words
 * counted `titleWeight` times), the salient tokens, the headline's words. Held only while a batch's docs
 * are built — as ids, since at 100,000 items Maps and Sets of strings per item cost hundreds of MB.
 */
interface TermProfile {
  profile: Profile;
  /** Ids at `start` of `ids`: the words, then the salient tokens, then the headline's words. */
  ids: Int32Array;
  /** The words' counts, at `start` of `counts`. */
  counts: Float64Array;
  start: number;
  words: number;
  salient: number;
  title: number;
}

/**
 * Per-term scratch space while a batch's term profiles are made, indexed by term id and growing with the
 * vocabulary: an item's counts, and which terms each of its lists holds already (marked with the item's
 * stamp, so nothing is cleared between items). Instead of a Map and two Sets of strings per item.
 */
class TermScratch {
  counts = new Float64Array(1024);
  inWords = new Int32Array(1024);
  inSalient = new Int32Array(1024);
  inTitle = new Int32Array(1024);
  private stamp = 0;

  /** A new stamp: no term is marked with it yet. */
  next(): number {
    return ++this.stamp;
  }

  /** Makes room for term `id`. */
  fit(id: number): void {
    if (id < this.counts.length) return;
    const length = Math.max(id + 1, this.counts.length * 2);
    const grown = <A extends Float64Array | Int32Array>(from: A, make: (n: number) => A): A => {
      const to = make(length);
      to.set(from);
      return to;
    };
    this.counts = grown(this.counts, (n) => new Float64Array(n));
    this.inWords = grown(this.inWords, (n) => new Int32Array(n));
    this.inSalient = grown(this.inSalient, (n) => new Int32Array(n));
    this.inTitle = grown(this.inTitle, (n) => new Int32Array(n));
  }
}

/**
 * An item's term profile. Terms get their vocabulary ids in the order first met — the title's words,
 * the lead's, then the salient tokens — and each list keeps that order: the same ids, and so the same
 * sums in the same order, as counting into a Map and collecting Sets of strings gave.
 */
function termProfile(
  item: DedupItem,
  terms: ItemTerms | undefined,
  options: ScoringOptions,
  vocabulary: Vocabulary,
  arena: Arena,
  scratch: TermScratch,
): TermProfile {
  const { title, lead, days } = wordsOf(item, options.leadCharacters, terms);
  const stamp = scratch.next();
  const words: number[] = [];
  const count = (word: string, by: number): number => {
    const id = vocabulary.id(word);
    scratch.fit(id);
    if (scratch.inWords[id] !== stamp) {
      scratch.inWords[id] = stamp;
      scratch.counts[id] = 0;
      words.push(id);
    }
    scratch.counts[id] = scratch.counts[id]! + by;
    return id;
  };
  const titleIds: number[] = [];
  for (const w of title.words) {
    const id = count(w, options.titleWeight);
    if (scratch.inTitle[id] !== stamp) {
      scratch.inTitle[id] = stamp;
      titleIds.push(id);
    }
  }
  for (const w of lead.words) count(w, 1);
  const salientIds: number[] = [];
  for (const list of [title.salient, lead.salient]) {
    for (const token of list) {
      const id = vocabulary.id(token);
      scratch.fit(id);
      if (scratch.inSalient[id] === stamp) continue;
      scratch.inSalient[id] = stamp;
      salientIds.push(id);
    }
  }
  // One range for the three lists; the weights beside the salient and headline ids go unused (a profile
  // lives only until its doc is made).
  const room = arena.take(words.length + salientIds.length + titleIds.length);
  room.ids.set(words, room.start);
  room.ids.set(salientIds, room.start + words.length);
  room.ids.set(titleIds, room.start + words.length + salientIds.length);
  words.forEach((id, i) => (room.weights[room.start + i] = scratch.counts[id]!));
  return {
    profile: {
      id: item.id,
      time: item.published?.getTime(),
      outlet: item.outlet,
      days,
      digest: DIGEST_TITLES.some((pattern) => pattern.test(item.title)),
    },
    ids: room.ids,
    counts: room.weights,
    start: room.start,
    words: words.length,
    salient: salientIds.length,
    title: titleIds.length,
  };
}

/**
 * A general Chinese corpus behind the news (jieba's IDF table), worth this many documents; tuned on the
 * labelled sets (docs/dedup.md). A batch of five items about one envoy cannot tell by itself that 克里 is
 * rarer than 美国; with the background it can, and the batch adds its own counts to it.
 */
const BACKGROUND_DOCUMENTS = 3000;

/** How a vector's weights are scaled: to unit length, or to a sum of 1. */
type Scale = 'euclidean' | 'total';

/**
 * A sparse vector of `weight(id)` for each of `count` ids at `from` of `ids`, sorted by id and divided by
 * its length or its total (when not 0), summed in id order. `weightOf` is scratch space indexed by term id.
 */
function sparse(
  ids: Int32Array,
  from: number,
  count: number,
  weight: (id: number, k: number) => number,
  scale: Scale,
  arena: Arena,
  weightOf: Float64Array,
): SparseVector {
  for (let k = 0; k < count; k++) weightOf[ids[from + k]!] = weight(ids[from + k]!, k);
  const { ids: sorted, weights, start } = arena.take(count);
  const end = start + count;
  for (let k = 0; k < count; k++) sorted[start + k] = ids[from + k]!;
  sorted.subarray(start, end).sort();
  let sum = 0;
  for (let i = start; i < end; i++) {
    const w = weightOf[sorted[i]!]!;
    sum += scale === 'euclidean' ? w * w : w;
  }
  const by = scale === 'euclidean' ? Math.sqrt(sum) : sum;
  for (let i = start; i < end; i++) weights[i] = by === 0 ? 0 : weightOf[sorted[i]!]! / by;
  return { ids: sorted, weights, start, end };
}

/**
 * A batch's docs, built an item at a time: each item's words become a term profile as it is added (its
 * strings can go then), and the docs are made once every item is in, for IDF is taken over the whole
 * batch. The dedup worker adds items as the build sends them (dedup/worker.ts), so it never holds every
 * item's words at once.
 */
export class DocBuilder {
  private readonly vocabulary = new Vocabulary();
  // Profiles live until the docs are made; docs until dedup is done: each in buffers of their own.
  private readonly profileArena = new Arena();
  private readonly scratch = new TermScratch();
  private profiles: Array<TermProfile | undefined> = [];

  constructor(private readonly options: ScoringOptions) {}

  /** Adds the next item with its stored words (made again from its text when they are not current). */
  add(item: DedupItem, terms: ItemTerms | undefined): void {
    this.profiles.push(termProfile(item, terms, this.options, this.vocabulary, this.profileArena, this.scratch));
  }

  /** The docs of every item added, in the order added. Once. */
  docs(): Doc[] {
    const { vocabulary, profiles } = this;
    this.profiles = [];
    const docArena = new Arena();
    const frequency = new Int32Array(vocabulary.terms.length);
    for (const p of profiles) for (let i = p!.start; i < p!.start + p!.words; i++) frequency[p!.ids[i]!]!++;
    vocabulary.holders = frequency;
    const documents = profiles.length + BACKGROUND_DOCUMENTS;
    const idfs = new Float64Array(vocabulary.terms.length).fill(Number.NaN);
    const weightOf = new Float64Array(vocabulary.terms.length);
    const idf = (id: number): number => {
      if (Number.isNaN(idfs[id]!)) {
        const df = frequency[id]! + BACKGROUND_DOCUMENTS * backgroundShare(vocabulary.terms[id]!);
        idfs[id] = Math.log(1 + documents / df);
      }
      return idfs[id]!;
    };
    return profiles.map((p, i) => {
      const { profile, ids, counts, start, words, salient, title } = p!;
      // Each item's terms are garbage once its doc is made.
      profiles[i] = undefined;
      return {
        profile,
        vocabulary,
        words: sparse(ids, start, words, (id, k) => counts[start + k]! * idf(id), 'euclidean', docArena, weightOf),
        salient: sparse(ids, start + words, salient, idf, 'euclidean', docArena, weightOf),
        headline: sparse(ids, start + words + salient, title, idf, 'total', docArena, weightOf),
      };
    });
  }
}

/**
 * Comparable docs of items (in dedup order), each item's words `termsOf` it. IDF counts the batch — the
 * current items and the ones the store retains from recent runs — and the background.
 */
export function buildDocs<T extends DedupItem>(items: readonly T[], options: ScoringOptions, termsOf: TermsOf<T> = ownTerms): Doc[] {
  const builder = new DocBuilder(options);
  for (const item of items) builder.add(item, termsOf(item));
  return builder.docs();
}

/** Σ a·b over the ids both vectors hold: the cosine of two unit vectors. */
function dot(a: SparseVector, b: SparseVector): number {
  const { ids: ai, weights: aw, end: aEnd } = a;
  const { ids: bi, weights: bw, end: bEnd } = b;
  let sum = 0;
  let i = a.start;
  let j = b.start;
  while (i < aEnd && j < bEnd) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) sum += aw[i++]! * bw[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** Σ of `a`'s weights over the ids `b` also holds. */
function coveredShare(a: SparseVector, b: SparseVector): number {
  const { ids: ai, weights: aw, end: aEnd } = a;
  const { ids: bi, end: bEnd } = b;
  let sum = 0;
  let i = a.start;
  let j = b.start;
  while (i < aEnd && j < bEnd) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) {
      sum += aw[i++]!;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum;
}

const HOUR = 3_600_000;

/** Hours between two items' dates, or undefined when either has none. */
function gapHours(a: Profile, b: Profile): number | undefined {
  if (a.time === undefined || b.time === undefined) return undefined;
  return Math.abs(a.time - b.time) / HOUR;
}

/**
 * Hours between a dated item and the nearest day an undated one names (in the dated item's year or the
 * ones beside it). Undefined when the undated item names no day: then nothing is known about the gap.
 */
function inferredGapHours(dated: number, days: readonly MonthDay[]): number | undefined {
  let best: number | undefined;
  const year = new Date(dated).getUTCFullYear();
  for (const { month, day } of days) {
    for (const y of [year - 1, year, year + 1]) {
      // The named day runs from 00:00 to 24:00 in China; noon UTC+8 is its middle.
      // Within the named day there is no gap to speak of: measure from its nearer end.
      const gap = Math.max(0, Math.abs(Date.UTC(y, month - 1, day, 4) - dated) / HOUR - 12);
      if (best === undefined || gap < best) best = gap;
    }
  }
  return best;
}

/** The gap the score is penalised by: between dates, or inferred from the days an undated item names. */
function evidentGapHours(a: Profile, b: Profile): { hours?: number; inferred: boolean } {
  const gap = gapHours(a, b);
  if (gap !== undefined) return { hours: gap, inferred: false };
  const [dated, undated] = a.time !== undefined ? [a, b] : [b, a];
  if (dated.time === undefined) return { inferred: false };
  return { hours: inferredGapHours(dated.time, undated.days), inferred: true };
}

/** Everything the score of one pair is made of, for the decision and for `huiliu explain`. */
export interface PairEvidence {
  /** TF-IDF cosine of the words (title weighted, lead). */
  words: number;
  /** IDF-weighted cosine of the names and numbers. */
  salient: number;
  /** How much of each headline the other report covers (IDF-weighted share of its words), averaged. */
  headline: number;
  /** The salient tokens both share, rarest first. */
  shared: string[];
  /** Hours between the two; for an undated item, inferred from the days its text names. */
  gapHours?: number;
  gapInferred: boolean;
  sameOutlet: boolean;
  /** A digest is never merged; an item outside the window is never compared. */
  excluded?: 'digest' | 'outside-window';
  /** weights · (words, salient, headline), times the same-outlet and time-gap factors; 0 when excluded. */
  score: number;
}

/**
 * The IDF-weighted share of one headline's words that the other report has in its title or lead. A report
 * of the same event covers the other's headline (休斯顿, 72小时, 关闭, 总领馆); a report of a neighbouring
 * development shares the affair's words but not the headline's specific ones (卢比奥, 间谍中心).
 */
function headlineCovered(headline: Doc, other: Doc): number {
  return coveredShare(headline.headline, other.words);
}

function excludedBy(a: Doc, b: Doc, gap: { hours?: number; inferred: boolean }, options: ScoringOptions): PairEvidence['excluded'] {
  if (a.profile.digest || b.profile.digest) return 'digest';
  return !gap.inferred && gap.hours !== undefined && gap.hours > options.windowHours ? 'outside-window' : undefined;
}

/** weights · (words, salient, headline), times the same-outlet and time-gap factors. */
function combined(words: number, salient: number, headline: number, sameOutlet: boolean, gapHours: number | undefined, options: ScoringOptions): number {
  let score = options.weights.words * words + options.weights.salient * salient + options.weights.headline * headline;
  if (sameOutlet) score *= options.sameOutletFactor;
  if (gapHours !== undefined && gapHours > options.gapHours) score *= options.gapFactor;
  return score;
}

/** Everything but the shared tokens, for `huiliu explain`. */
function features(a: Doc, b: Doc, options: ScoringOptions): Omit<PairEvidence, 'shared'> {
  const words = dot(a.words, b.words);
  const salient = dot(a.salient, b.salient);
  const headline = (headlineCovered(a, b) + headlineCovered(b, a)) / 2;
  const gap = evidentGapHours(a.profile, b.profile);
  const sameOutlet = a.profile.outlet === b.profile.outlet;
  const excluded = excludedBy(a, b, gap, options);
  const score = combined(words, salient, headline, sameOutlet, gap.hours, options);
  return {
    words,
    salient,
    headline,
    gapHours: gap.hours,
    gapInferred: gap.inferred,
    sameOutlet,
    excluded,
    score: excluded ? 0 : score,
  };
}

/**
 * The score dedup decides by: `features(a, b).score`, without building the evidence, and without
 * comparing vectors of a pair that is excluded anyway. Called for every candidate pair.
 */
export function pairScore(a: Doc, b: Doc, options: ScoringOptions): number {
  const gap = evidentGapHours(a.profile, b.profile);
  if (excludedBy(a, b, gap, options) !== undefined) return 0;
  const headline = (headlineCovered(a, b) + headlineCovered(b, a)) / 2;
  const sameOutlet = a.profile.outlet === b.profile.outlet;
  return combined(dot(a.words, b.words), dot(a.salient, b.salient), headline, sameOutlet, gap.hours, options);
}

/**
 * `pairScore` of one doc against many, as candidate generation pairs them: the doc's weights are spread
 * once over arrays indexed by term id, and each partner is read against them in one pass over its own
 * terms, instead of a merge of two lists per pair. The sums run over the same terms in the same (id)
 * order, so the scores are exactly `pairScore`'s.
 */
export class CandidateScorer {
  private readonly words: Float64Array;
  private readonly salient: Float64Array;
  private readonly headline: Float64Array;
  private current: Doc | undefined;

  constructor(vocabularySize: number, private readonly options: ScoringOptions) {
    this.words = new Float64Array(vocabularySize);
    this.salient = new Float64Array(vocabularySize);
    this.headline = new Float64Array(vocabularySize);
  }

  /** Makes `doc` the one the next scores are against. */
  spread(doc: Doc): void {
    if (this.current) this.fill(this.current, false);
    this.fill(doc, true);
    this.current = doc;
  }

  private fill(doc: Doc, on: boolean): void {
    const put = (into: Float64Array, vector: SparseVector): void => {
      for (let i = vector.start; i < vector.end; i++) into[vector.ids[i]!] = on ? vector.weights[i]! : 0;
    };
    put(this.words, doc.words);
    put(this.salient, doc.salient);
    put(this.headline, doc.headline);
  }

  /** The score of the spread doc and `other`. */
  score(other: Doc): number {
    const a = this.current!;
    const gap = evidentGapHours(a.profile, other.profile);
    if (excludedBy(a, other, gap, this.options) !== undefined) return 0;
    let words = 0;
    let aCovered = 0;
    const { ids, weights, start, end } = other.words;
    for (let i = start; i < end; i++) {
      const id = ids[i]!;
      words += this.words[id]! * weights[i]!;
      aCovered += this.headline[id]!;
    }
    let salient = 0;
    const s = other.salient;
    for (let i = s.start; i < s.end; i++) salient += this.salient[s.ids[i]!]! * s.weights[i]!;
    // Every word weight is positive (tf ≥ 1, IDF > 0), so a zero means the spread doc lacks the word.
    let otherCovered = 0;
    const h = other.headline;
    for (let i = h.start; i < h.end; i++) {
      if (this.words[h.ids[i]!] !== 0) otherCovered += h.weights[i]!;
    }
    const sameOutlet = a.profile.outlet === other.profile.outlet;
    return combined(words, salient, (aCovered + otherCovered) / 2, sameOutlet, gap.hours, this.options);
  }
}

/** The score and what it is made of, with the salient tokens both items share, rarest first. */
export function pairEvidence(a: Doc, b: Doc, options: ScoringOptions): PairEvidence {
  const weightInB = new Map(entries(b.salient));
  const shared = entries(a.salient)
    .map(([id]) => id)
    .filter((id) => weightInB.has(id))
    .map((id) => ({ term: a.vocabulary.terms[id]!, weight: weightInB.get(id)! }))
    .sort((x, y) => y.weight - x.weight || x.term.localeCompare(y.term))
    .map(({ term }) => term);
  return { ...features(a, b, options), shared };
}

/** A vector's [id, weight] pairs, in id order. */
export function entries(vector: SparseVector): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = vector.start; i < vector.end; i++) pairs.push([vector.ids[i]!, vector.weights[i]!]);
  return pairs;
}
