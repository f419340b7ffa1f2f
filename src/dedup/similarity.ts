import type { Item } from '../types.js';
import { backgroundShare } from './background.js';
import { daysOfFolded, foldText, termsOfFolded, type MonthDay } from './text.js';
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

/**
 * How many documents hold each term, over some set of items. The batch always counts; a caller that keeps
 * recent items (the store) can pass theirs too, so that a word common this week is not mistaken for
 * evidence when a batch is small.
 */
interface TermStats {
  documents: number;
  frequency: ReadonlyMap<string, number>;
}

/** One item's terms, before weighting: word counts (title counted `titleWeight` times) and salient tokens. */
export interface Profile {
  item: Item;
  /** The item's date in ms and its outlet, read once: pair scoring compares them millions of times. */
  time: number | undefined;
  outlet: Item['outlet'];
  counts: Map<string, number>;
  /** The headline's words: what the other report must cover to be about the same event. */
  title: Set<string>;
  salient: Set<string>;
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

export function profile(item: Item, options: ScoringOptions): Profile {
  const foldedTitle = foldText(item.title);
  const foldedLead = foldText(item.text.slice(0, options.leadCharacters));
  const title = termsOfFolded(foldedTitle);
  const lead = termsOfFolded(foldedLead);
  const counts = new Map<string, number>();
  for (const w of title.words) counts.set(w, (counts.get(w) ?? 0) + options.titleWeight);
  for (const w of lead.words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return {
    item,
    time: item.published?.getTime(),
    outlet: item.outlet,
    counts,
    title: new Set(title.words),
    salient: new Set([...title.salient, ...lead.salient]),
    days: daysOfFolded(`${foldedTitle} ${foldedLead}`),
    digest: DIGEST_TITLES.some((pattern) => pattern.test(item.title)),
  };
}

/** Document frequencies of a set of profiles. */
function termStatsOf(profiles: readonly Profile[]): TermStats {
  const frequency = new Map<string, number>();
  for (const p of profiles) for (const term of p.counts.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  return { documents: profiles.length, frequency };
}

/**
 * A general Chinese corpus behind the news (jieba's IDF table), worth this many documents; tuned on the
 * labelled sets (docs/dedup.md). A batch of five items about one envoy cannot tell by itself that 克里 is
 * rarer than 美国; with the background it can, and the batch adds its own counts to it.
 */
const BACKGROUND_DOCUMENTS = 3000;

/** A sparse vector of `weight(term)` over `terms`, sorted by id and divided by `scale(weights)` (when not 0). */
function sparse(
  vocabulary: Vocabulary,
  terms: Iterable<[string, number]>,
  scale: (weights: readonly number[]) => number,
): SparseVector {
  const entries = [...terms].map(([term, weight]) => [vocabulary.id(term), weight] as const).sort((x, y) => x[0] - y[0]);
  const by = scale(entries.map(([, w]) => w));
  const ids = new Int32Array(entries.length);
  const weights = new Float64Array(entries.length);
  entries.forEach(([id, w], i) => {
    ids[i] = id;
    weights[i] = by === 0 ? 0 : w / by;
  });
  return { ids, weights };
}

const euclidean = (weights: readonly number[]): number => Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0));
const total = (weights: readonly number[]): number => weights.reduce((sum, w) => sum + w, 0);

/** Builds comparable docs; IDF counts the batch (current and retained recent items) and the background. */
export function buildDocs(profiles: readonly Profile[]): Doc[] {
  const batch = termStatsOf(profiles);
  const documents = batch.documents + BACKGROUND_DOCUMENTS;
  const idfs = new Map<string, number>();
  const idf = (term: string): number => {
    let value = idfs.get(term);
    if (value === undefined) {
      const df = (batch.frequency.get(term) ?? 0) + BACKGROUND_DOCUMENTS * backgroundShare(term);
      value = Math.log(1 + documents / df);
      idfs.set(term, value);
    }
    return value;
  };
  const vocabulary = new Vocabulary();
  return profiles.map((p) => ({
    profile: p,
    vocabulary,
    words: sparse(vocabulary, [...p.counts].map(([term, tf]) => [term, tf * idf(term)]), euclidean),
    salient: sparse(vocabulary, [...p.salient].map((term) => [term, idf(term)]), euclidean),
    headline: sparse(vocabulary, [...p.title].map((term) => [term, idf(term)]), total),
  }));
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
