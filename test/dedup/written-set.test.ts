import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { dedupItems } from '../../src/dedup/index.js';
import type { Item, Story } from '../../src/types.js';
import { loadFolder, readWrittenLabels, repoRoot, scorePairs, type Label } from './labelled-sets.js';

/** The hand-written labelled set (test/fixtures/dedup/written/README.md), read through parse → adapt → clean. */
const dir = path.join(repoRoot, 'test/fixtures/dedup/written');
const defaults = parseConfig({ sources: [{ id: 'written', path: dir }] }, 'test').dedup;

describe('dedup on the written labelled set, with the default settings', () => {
  let items: Item[];
  let labels: Map<string, Label>;
  let stories: Story[];
  const labelOf = (item: Item): Label => labels.get(item.link!)!;

  beforeAll(async () => {
    items = await loadFolder(dir);
    labels = readWrittenLabels(dir);
    stories = dedupItems(items, defaults, new Date('2023-01-01T00:00:00Z'));
  });

  it('reads every labelled file as one item', () => {
    expect(items).toHaveLength(labels.size);
    for (const item of items) expect(labels.has(item.link!), item.title).toBe(true);
  });

  it('reaches pairwise precision ≥ 0.97 and F1 ≥ 0.95 (every merge of two stories counts as an error)', () => {
    const scores = scorePairs(stories, labelOf);
    expect(scores.truePairs).toBeGreaterThanOrEqual(30);
    expect(scores.strictPrecision).toBeGreaterThanOrEqual(0.97);
    expect(scores.strictF1).toBeGreaterThanOrEqual(0.95);
  });

  it('never merges a digest', () => {
    const digests = stories.filter((s) => s.items.some((it) => it.title.startsWith('简报')));
    expect(digests.length).toBeGreaterThan(0);
    for (const story of digests) expect(story.items).toHaveLength(1);
  });
});
