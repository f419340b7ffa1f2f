import { canonicalUrl } from '../clean/urls.js';
import type { Item } from '../types.js';
import type { DedupItem } from './terms.js';
import { candidatePairs } from './candidates.js';
import { clusterDocs, comparableDocs, inDedupOrder, type DedupOptions } from './index.js';
import { pairEvidence, type Doc, type PairEvidence } from './similarity.js';

/** What explaining reads of an item: dedup's part and the link a person asks about. */
export type Explained = DedupItem & Pick<Item, 'link'>;

/**
 * Why items were or were not merged, for a person tuning `dedup.*`: each pair's features, what each
 * contributed to the score, and the decision. Pure: the CLI reads the items and prints the text.
 */

export type Decision = 'merged' | 'digest' | 'outside-window' | 'below-threshold' | 'held-apart';

export interface PairExplanation {
  other: Explained;
  evidence: PairEvidence;
  decision: Decision;
}

const DECISION_TEXT: Record<Decision, string> = {
  merged: 'merged',
  digest: 'apart: a digest is never merged',
  'outside-window': 'apart: outside the time window',
  'below-threshold': 'apart: below the threshold',
  'held-apart': 'apart: above the threshold, but not similar enough to the rest of the story (average link)',
};

interface Analysis {
  sorted: Explained[];
  docs: Doc[];
  storyOf: number[];
}

function analyse(items: readonly Explained[], options: DedupOptions): Analysis {
  const sorted = inDedupOrder(items);
  const docs = comparableDocs(sorted, options);
  const storyOf: number[] = [];
  clusterDocs(docs, options, new Map()).forEach((members, story) => members.forEach((i) => (storyOf[i] = story)));
  return { sorted, docs, storyOf };
}

function decide(a: number, b: number, evidence: PairEvidence, analysis: Analysis, threshold: number): Decision {
  if (analysis.storyOf[a] === analysis.storyOf[b]) return 'merged';
  if (evidence.excluded) return evidence.excluded;
  return evidence.score >= threshold ? 'held-apart' : 'below-threshold';
}

/** The item with this link (as given, or in its canonical form), and how it compares with its nearest items. */
export function explainLink(
  items: readonly Explained[],
  options: DedupOptions,
  link: string,
  nearest = 8,
): { item: Explained; pairs: PairExplanation[] } | undefined {
  const analysis = analyse(items, options);
  const wanted = canonicalUrl(link.trim());
  const index = analysis.sorted.findIndex((it) => it.link === link.trim() || it.link === wanted);
  if (index < 0) return undefined;
  const pairs = analysis.docs
    .map((doc, j) => ({ j, evidence: pairEvidence(analysis.docs[index]!, doc, options) }))
    .filter(({ j }) => j !== index)
    .map(({ j, evidence }) => ({
      other: analysis.sorted[j]!,
      evidence,
      decision: decide(index, j, evidence, analysis, options.threshold),
    }))
    .sort((x, y) => Number(y.decision === 'merged') - Number(x.decision === 'merged') || y.evidence.score - x.evidence.score)
    .filter((p, rank) => p.decision === 'merged' || rank < nearest);
  return { item: analysis.sorted[index]!, pairs };
}

/** Pairs kept apart are shown from this share of the threshold up: the ones a small change would merge. */
const NEAR_MISS_SHARE = 0.75;

/** Every merged story, and the candidate pairs kept apart that came close to the threshold. */
export function explainAll(
  items: readonly Explained[],
  options: DedupOptions,
): { stories: Explained[][]; nearMisses: Array<{ a: Explained; b: Explained; evidence: PairEvidence; decision: Decision }> } {
  const analysis = analyse(items, options);
  const groups = new Map<number, Explained[]>();
  analysis.sorted.forEach((item, i) => groups.set(analysis.storyOf[i]!, [...(groups.get(analysis.storyOf[i]!) ?? []), item]));
  const nearMisses: Array<{ a: Explained; b: Explained; evidence: PairEvidence; decision: Decision }> = [];
  for (const [a, b] of candidatePairs(analysis.docs, options.windowHours)) {
    if (analysis.storyOf[a] === analysis.storyOf[b]) continue;
    const evidence = pairEvidence(analysis.docs[a]!, analysis.docs[b]!, options);
    if (evidence.score < options.threshold * NEAR_MISS_SHARE) continue;
    nearMisses.push({ a: analysis.sorted[a]!, b: analysis.sorted[b]!, evidence, decision: decide(a, b, evidence, analysis, options.threshold) });
  }
  return {
    stories: [...groups.values()].filter((members) => members.length > 1),
    nearMisses: nearMisses.sort((x, y) => y.evidence.score - x.evidence.score),
  };
}

const when = (item: Explained): string => (item.published ? `${item.published.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'undated');
const describe = (item: Explained): string => `[${item.outlet}] ${item.title} (${when(item)})${item.link ? ` ${item.link}` : ''}`;

/** The score's parts, in the order they are applied: `words 0.45×0.6 + names/numbers 0.33×0.4 + headline 0.5×0.6 ×0.7 same outlet`. */
function formatEvidence(evidence: PairEvidence, options: DedupOptions): string {
  const parts = [
    `words ${evidence.words.toFixed(2)}×${options.weights.words} + names/numbers ${evidence.salient.toFixed(2)}×${options.weights.salient}` +
      ` + headline ${evidence.headline.toFixed(2)}×${options.weights.headline}`,
  ];
  if (evidence.sameOutlet) parts.push(`×${options.sameOutletFactor} same outlet`);
  if (evidence.gapHours !== undefined && evidence.gapHours > options.gapHours) parts.push(`×${options.gapFactor} over ${options.gapHours} h apart`);
  const gap =
    evidence.gapHours === undefined
      ? 'gap unknown'
      : `gap ${evidence.gapHours.toFixed(0)} h${evidence.gapInferred ? ' (from the days the undated text names)' : ''}`;
  const shared = evidence.shared.length ? evidence.shared.slice(0, 12).join(' ') : '(none)';
  return [
    `score ${evidence.score.toFixed(3)} = ${parts.join(' ')}${evidence.excluded ? ` → 0 (${evidence.excluded})` : ''}`,
    `${gap}; shared names/numbers: ${shared}`,
  ].join('\n      ');
}

export function formatLinkExplanation(result: { item: Explained; pairs: PairExplanation[] }, options: DedupOptions): string {
  const lines = [describe(result.item), `threshold ${options.threshold}; nearest items first, story members on top:`];
  for (const pair of result.pairs) {
    lines.push(`  ${DECISION_TEXT[pair.decision]}: ${describe(pair.other)}`, `      ${formatEvidence(pair.evidence, options)}`);
  }
  return lines.join('\n');
}

export function formatAllExplanation(result: ReturnType<typeof explainAll>, options: DedupOptions): string {
  const lines = [`${result.stories.length} merged stories (threshold ${options.threshold}):`];
  for (const story of result.stories) lines.push('', ...story.map((item) => `  ${describe(item)}`));
  lines.push('', `${result.nearMisses.length} pairs kept apart with a score of at least ${(options.threshold * NEAR_MISS_SHARE).toFixed(3)}:`);
  for (const miss of result.nearMisses) {
    lines.push(
      '',
      `  ${DECISION_TEXT[miss.decision]}`,
      `    ${describe(miss.a)}`,
      `    ${describe(miss.b)}`,
      `      ${formatEvidence(miss.evidence, options)}`,
    );
  }
  return lines.join('\n');
}
