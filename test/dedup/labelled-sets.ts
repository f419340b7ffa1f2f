import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adaptSource } from '../../src/adapters/adapt.js';
import { canonicalUrl } from '../../src/clean/urls.js';
import { parseConfig } from '../../src/config.js';
import { parseDocument } from '../../src/parse/index.js';
import { collectItems } from '../../src/pipeline.js';
import type { Item, Story } from '../../src/types.js';

/** Loading labelled sets through the real pipeline (parse → adapt → clean), and scoring dedup on them. */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env.HUILIU_SHARED ?? path.resolve(repoRoot, '..', 'shared');

const CLEAN = { images: 'keep', script: 'keep' } as const;

/** A real window: `items[].text` holds one snapshot document per item, in capture order. */
export function windowFile(name: string): string {
  return path.join(sharedDir, 'real-feeds', name, 'items.json');
}

export function loadWindow(file: string): Item[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { items: Array<{ path: string; text: string }> };
  const raws = data.items.flatMap((it) => parseDocument({ name: it.path, text: it.text }, 'window'));
  const { items, unrecognised } = adaptSource(raws, { id: 'window', path: file }, CLEAN);
  if (unrecognised > 0) throw new Error(`${file}: ${unrecognised} items of no known outlet`);
  return items;
}

/** The written set is a folder of snapshot documents: read exactly as a `path` source reads it. */
export async function loadFolder(dir: string): Promise<Item[]> {
  const config = parseConfig({ sources: [{ id: 'written', path: dir }] }, 'written set');
  const { sources, current, shelf } = await collectItems({ config, file: 'written set', dir: repoRoot });
  if (!sources[0]!.ok) throw new Error(sources[0]!.error);
  return current.map((head) => shelf.itemOf(head));
}

export interface Label {
  story: string;
  topic: string;
}

/** Real-window labels, keyed by the canonical form of the link in each item's `[title](link)` line. */
export function readWindowLabels(file: string): Map<string, Label> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { items: Array<{ link: string } & Label> };
  return new Map(data.items.map((l) => [canonicalUrl(l.link), { story: l.story, topic: l.topic }]));
}

/** Written-set labels, keyed by the canonical link of each labelled file's `[title](link)` line. */
export function readWrittenLabels(dir: string): Map<string, Label> {
  const data = JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as { items: Array<{ file: string } & Label> };
  return new Map(
    data.items.map((l) => {
      const [raw] = parseDocument({ name: l.file, text: readFileSync(path.join(dir, l.file), 'utf8') }, 'written');
      if (raw?.link === undefined) throw new Error(`${l.file}: no link to key its label by`);
      return [canonicalUrl(raw.link), { story: l.story, topic: l.topic }];
    }),
  );
}

export const haveShared = (file: string): boolean => existsSync(file);

export interface PairScores {
  /** Merged pairs of one labelled story. */
  correct: number;
  /** Merged pairs of different topics: errors. */
  wrong: number;
  /** Merged pairs of different stories of one topic: reported, tolerated by the real-window measure. */
  sameTopic: number;
  /** Pairs of one labelled story. */
  truePairs: number;
  precision: number;
  /** Precision counting same-topic merges as errors too. */
  strictPrecision: number;
  recall: number;
  f1: number;
  /** F1 with the strict precision. */
  strictF1: number;
}

/** Pairwise scores of stories against labels; every item must carry a label. */
export function scorePairs(stories: readonly Story[], labelOf: (item: Item) => Label): PairScores {
  let correct = 0;
  let wrong = 0;
  let sameTopic = 0;
  for (const story of stories) {
    const labels = story.items.map(labelOf);
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        if (labels[i]!.story === labels[j]!.story) correct++;
        else if (labels[i]!.topic === labels[j]!.topic) sameTopic++;
        else wrong++;
      }
    }
  }
  const sizes = new Map<string, number>();
  for (const item of stories.flatMap((s) => s.items)) {
    const story = labelOf(item).story;
    sizes.set(story, (sizes.get(story) ?? 0) + 1);
  }
  const truePairs = [...sizes.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
  const ratio = (num: number, den: number): number => (den === 0 ? 1 : num / den);
  const precision = ratio(correct, correct + wrong);
  const strictPrecision = ratio(correct, correct + wrong + sameTopic);
  const recall = ratio(correct, truePairs);
  const harmonic = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
  return {
    correct,
    wrong,
    sameTopic,
    truePairs,
    precision,
    strictPrecision,
    recall,
    f1: harmonic(precision, recall),
    strictF1: harmonic(strictPrecision, recall),
  };
}
