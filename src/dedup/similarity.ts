import type { Item } from '../types.js';
import { backgroundShare } from './background.js';
import { mentionedDays, terms, type MonthDay } from './text.js';
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
  counts: Map<string, number>;
  /** The headline's words: what the other report must cover to be about the same event. */
  title: Set<string>;
  salient: Set<string>;
  /** Days named in the title and lead (4月14日): they date an item that has no date of its own. */
  days: MonthDay[];
  digest: boolean;
}

/** One item ready to compare: TF-IDF word vector and IDF-weighted salient tokens, with their norms. */
export interface Doc {
  profile: Profile;
  vector: Map<string, number>;
  norm: number;
  salientWeights: Map<string, number>;
  salientNorm: number;
  /** IDF of each headline word, and their sum. */
  titleWeights: Map<string, number>;
  titleTotal: number;
}

export function profile(item: Item, options: ScoringOptions): Profile {
  const title = terms(item.title);
  const lead = terms(item.text.slice(0, options.leadCharacters));
  const counts = new Map<string, number>();
  for (const w of title.words) counts.set(w, (counts.get(w) ?? 0) + options.titleWeight);
  for (const w of lead.words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return {
    item,
    counts,
    title: new Set(title.words),
    salient: new Set([...title.salient, ...lead.salient]),
    days: mentionedDays(`${item.title} ${item.text.slice(0, options.leadCharacters)}`),
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

/** Builds comparable docs; IDF counts the batch (current and retained recent items) and the background. */
export function buildDocs(profiles: readonly Profile[]): Doc[] {
  const batch = termStatsOf(profiles);
  const documents = batch.documents + BACKGROUND_DOCUMENTS;
  const idf = (term: string): number => {
    const df = (batch.frequency.get(term) ?? 0) + BACKGROUND_DOCUMENTS * backgroundShare(term);
    return Math.log(1 + documents / df);
  };
  return profiles.map((p) => {
    const vector = new Map<string, number>();
    let sumSquares = 0;
    for (const [term, tf] of p.counts) {
      const weight = tf * idf(term);
      vector.set(term, weight);
      sumSquares += weight * weight;
    }
    const salientWeights = new Map<string, number>();
    let salientSquares = 0;
    for (const term of p.salient) {
      const weight = idf(term);
      salientWeights.set(term, weight);
      salientSquares += weight * weight;
    }
    const titleWeights = new Map([...p.title].map((term) => [term, idf(term)]));
    const titleTotal = [...titleWeights.values()].reduce((sum, w) => sum + w, 0);
    return {
      profile: p,
      vector,
      norm: Math.sqrt(sumSquares),
      salientWeights,
      salientNorm: Math.sqrt(salientSquares),
      titleWeights,
      titleTotal,
    };
  });
}

function cosine(a: Map<string, number>, normA: number, b: Map<string, number>, normB: number): number {
  if (normA === 0 || normB === 0) return 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, w] of small) {
    const other = large.get(term);
    if (other !== undefined) dot += w * other;
  }
  return dot / (normA * normB);
}

const HOUR = 3_600_000;

/** Hours between two items' dates, or undefined when either has none. */
function gapHours(a: Item, b: Item): number | undefined {
  if (!a.published || !b.published) return undefined;
  return Math.abs(a.published.getTime() - b.published.getTime()) / HOUR;
}

/**
 * Hours between a dated item and the nearest day an undated one names (in the dated item's year or the
 * ones beside it). Undefined when the undated item names no day: then nothing is known about the gap.
 */
function inferredGapHours(dated: Date, days: readonly MonthDay[]): number | undefined {
  let best: number | undefined;
  const year = dated.getUTCFullYear();
  for (const { month, day } of days) {
    for (const y of [year - 1, year, year + 1]) {
      // The named day runs from 00:00 to 24:00 in China; noon UTC+8 is its middle.
      // Within the named day there is no gap to speak of: measure from its nearer end.
      const gap = Math.max(0, Math.abs(Date.UTC(y, month - 1, day, 4) - dated.getTime()) / HOUR - 12);
      if (best === undefined || gap < best) best = gap;
    }
  }
  return best;
}

/** The gap the score is penalised by: between dates, or inferred from the days an undated item names. */
function evidentGapHours(a: Profile, b: Profile): { hours?: number; inferred: boolean } {
  const gap = gapHours(a.item, b.item);
  if (gap !== undefined) return { hours: gap, inferred: false };
  const [dated, undated] = a.item.published ? [a, b] : [b, a];
  if (!dated.item.published) return { inferred: false };
  return { hours: inferredGapHours(dated.item.published, undated.days), inferred: true };
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
  if (headline.titleTotal === 0) return 0;
  let covered = 0;
  for (const [term, w] of headline.titleWeights) if (other.vector.has(term)) covered += w;
  return covered / headline.titleTotal;
}

/** Everything but the shared tokens: what clustering needs, for every candidate pair. */
function features(a: Doc, b: Doc, options: ScoringOptions): Omit<PairEvidence, 'shared'> {
  const words = cosine(a.vector, a.norm, b.vector, b.norm);
  const salient = cosine(a.salientWeights, a.salientNorm, b.salientWeights, b.salientNorm);
  const headline = (headlineCovered(a, b) + headlineCovered(b, a)) / 2;
  const gap = evidentGapHours(a.profile, b.profile);
  const sameOutlet = a.profile.item.outlet === b.profile.item.outlet;
  const excluded =
    a.profile.digest || b.profile.digest
      ? 'digest'
      : !gap.inferred && gap.hours !== undefined && gap.hours > options.windowHours
        ? 'outside-window'
        : undefined;
  let score = options.weights.words * words + options.weights.salient * salient + options.weights.headline * headline;
  if (sameOutlet) score *= options.sameOutletFactor;
  if (gap.hours !== undefined && gap.hours > options.gapHours) score *= options.gapFactor;
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

/** The score dedup decides by. */
export function pairScore(a: Doc, b: Doc, options: ScoringOptions): number {
  return features(a, b, options).score;
}

/** The score and what it is made of, with the salient tokens both items share, rarest first. */
export function pairEvidence(a: Doc, b: Doc, options: ScoringOptions): PairEvidence {
  const shared = [...a.salientWeights.keys()]
    .filter((t) => b.salientWeights.has(t))
    .sort((x, y) => b.salientWeights.get(y)! - b.salientWeights.get(x)! || x.localeCompare(y));
  return { ...features(a, b, options), shared };
}
