import type { Item } from '../types.js';
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
  item: DedupItem;
  /** The item's date in ms and its outlet, read once: pair scoring compares them millions of times. */
  time: number | undefined;
  outlet: Item['outlet'];
  /** Days named in the title and lead (4月14日): they date an item that has no date of its own. */
  days: MonthDay[];
  digest: boolean;
}

/**
 * A sparse vector over a batch's vocabulary: term ids in ascending order and their weights. Two vectors
 * are compared by walking both id lists once, which is several times faster than looking up every term
 * of one Map in another — and a build compares a few hundred thousand pairs.
 */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** The terms of one batch as small integers: a Doc's vectors are keyed by these ids. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly terms: string[] = [];

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

/**
 * Typed arrays cut from a few large buffers. A batch of 100,000 docs holds 600,000 vectors; made as arrays
 * of their own, each carried its own buffer (a C++ allocation, a heap object or two, malloc's
 * bookkeeping), about as much memory again as the numbers in them, and freed buffers fragmented the
 * heap. Cut from shared buffers they are views; the buffers go when the last view does.
 */
class Arena {
  readonly int32 = new Slab((length) => new Int32Array(length));
  readonly float64 = new Slab((length) => new Float64Array(length));
}

/** Typed arrays of one kind, cut one after another from buffers of ARENA_CHUNK entries. */
class Slab<T extends Int32Array | Float64Array> {
  private buffer: T;
  private used = 0;

  constructor(private readonly make: (length: number) => T) {
    this.buffer = make(0);
  }

  take(length: number): T {
    if (this.used + length > this.buffer.length) {
      this.buffer = this.make(Math.max(ARENA_CHUNK, length));
      this.used = 0;
    }
    this.used += length;
    return this.buffer.subarray(this.used - length, this.used) as T;
  }
}

/**
 * One item's terms before weighting, as vocabulary ids in the order first met: word counts (title words
 * counted `titleWeight` times), the salient tokens, the headline's words. Held only while a batch's docs
 * are built — as ids, since at 100,000 items Maps and Sets of strings per item cost hundreds of MB.
 */
interface TermProfile {
  profile: Profile;
  words: Int32Array;
  counts: Float64Array;
  salient: Int32Array;
  title: Int32Array;
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
function termProfile<T extends DedupItem>(
  item: T,
  options: ScoringOptions,
  vocabulary: Vocabulary,
  termsOf: TermsOf<T>,
  arena: Arena,
  scratch: TermScratch,
): TermProfile {
  const { title, lead, days } = wordsOf(item, options.leadCharacters, termsOf(item));
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
  const into = (ids: readonly number[]): Int32Array => {
    const taken = arena.int32.take(ids.length);
    taken.set(ids);
    return taken;
  };
  const counts = arena.float64.take(words.length);
  words.forEach((id, i) => (counts[i] = scratch.counts[id]!));
  return {
    profile: {
      item,
      time: item.published?.getTime(),
      outlet: item.outlet,
      days,
      digest: DIGEST_TITLES.some((pattern) => pattern.test(item.title)),
    },
    words: into(words),
    counts,
    salient: into(salientIds),
    title: into(titleIds),
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
 * A sparse vector of `weight(i)` for each id, sorted by id and divided by its length or its total (when
 * not 0), summed in id order. `weightOf` is scratch space indexed by term id.
 */
function sparse(ids: Int32Array, weight: (i: number) => number, scale: Scale, arena: Arena, weightOf: Float64Array): SparseVector {
  for (let i = 0; i < ids.length; i++) weightOf[ids[i]!] = weight(i);
  const sorted = arena.int32.take(ids.length);
  sorted.set(ids);
  sorted.sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) {
    const w = weightOf[sorted[i]!]!;
    sum += scale === 'euclidean' ? w * w : w;
  }
  const by = scale === 'euclidean' ? Math.sqrt(sum) : sum;
  const weights = arena.float64.take(sorted.length);
  for (let i = 0; i < sorted.length; i++) weights[i] = by === 0 ? 0 : weightOf[sorted[i]!]! / by;
  return { ids: sorted, weights };
}

/**
 * Comparable docs of items (in dedup order). IDF counts the batch — the current items and the ones the
 * store retains from recent runs — and the background.
 */
export function buildDocs<T extends DedupItem>(items: readonly T[], options: ScoringOptions, termsOf: TermsOf<T> = ownTerms): Doc[] {
  const vocabulary = new Vocabulary();
  // Profiles live until the docs are made; docs until dedup is done: each in buffers of their own.
  const profileArena = new Arena();
  const docArena = new Arena();
  const scratch = new TermScratch();
  const profiles: Array<TermProfile | undefined> = items.map((item) => termProfile(item, options, vocabulary, termsOf, profileArena, scratch));
  const frequency = new Int32Array(vocabulary.terms.length);
  for (const p of profiles) for (const id of p!.words) frequency[id]!++;
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
    const { profile, words, counts, salient, title } = p!;
    // Each item's terms are garbage once its doc is made.
    profiles[i] = undefined;
    return {
      profile,
      vocabulary,
      words: sparse(words, (k) => counts[k]! * idf(words[k]!), 'euclidean', docArena, weightOf),
      salient: sparse(salient, (k) => idf(salient[k]!), 'euclidean', docArena, weightOf),
      headline: sparse(title, (k) => idf(title[k]!), 'total', docArena, weightOf),
    };
  });
}

/** Σ a·b over the ids both vectors hold: the cosine of two unit vectors. */
function dot(a: SparseVector, b: SparseVector): number {
  const { ids: ai, weights: aw } = a;
  const { ids: bi, weights: bw } = b;
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < ai.length && j < bi.length) {
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
  const { ids: ai, weights: aw } = a;
  const bi = b.ids;
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < ai.length && j < bi.length) {
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
  const sameOutlet = a.profile.item.outlet === b.profile.item.outlet;
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
      for (let i = 0; i < vector.ids.length; i++) into[vector.ids[i]!] = on ? vector.weights[i]! : 0;
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
    const { ids, weights } = other.words;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      words += this.words[id]! * weights[i]!;
      aCovered += this.headline[id]!;
    }
    let salient = 0;
    for (let i = 0; i < other.salient.ids.length; i++) salient += this.salient[other.salient.ids[i]!]! * other.salient.weights[i]!;
    // Every word weight is positive (tf ≥ 1, IDF > 0), so a zero means the spread doc lacks the word.
    let otherCovered = 0;
    for (let i = 0; i < other.headline.ids.length; i++) {
      if (this.words[other.headline.ids[i]!] !== 0) otherCovered += other.headline.weights[i]!;
    }
    const sameOutlet = a.profile.outlet === other.profile.outlet;
    return combined(words, salient, (aCovered + otherCovered) / 2, sameOutlet, gap.hours, this.options);
  }
}

/** The score and what it is made of, with the salient tokens both items share, rarest first. */
export function pairEvidence(a: Doc, b: Doc, options: ScoringOptions): PairEvidence {
  const weightInB = new Map([...b.salient.ids].map((id, i) => [id, b.salient.weights[i]!]));
  const shared = [...a.salient.ids]
    .filter((id) => weightInB.has(id))
    .map((id) => ({ term: a.vocabulary.terms[id]!, weight: weightInB.get(id)! }))
    .sort((x, y) => y.weight - x.weight || x.term.localeCompare(y.term))
    .map(({ term }) => term);
  return { ...features(a, b, options), shared };
}
