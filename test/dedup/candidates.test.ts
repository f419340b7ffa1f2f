import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { candidatePairs } from '../../src/dedup/candidates.js';
import { comparableDocs, inDedupOrder } from '../../src/dedup/index.js';
import type { Item, OutletId } from '../../src/types.js';

const defaults = parseConfig({ sources: [{ id: 'x', path: '.' }] }, 'test').dedup;
const outlets: OutletId[] = ['nytimes', 'rfi', 'voa', 'dw', 'xinjingbao'];

/** An item of the given words (Latin, so segmentation keeps each one whole), a minute after the previous one. */
function item(n: number, words: readonly string[]): Item {
  const text = words.join(' ');
  return {
    id: `item-${String(n).padStart(3, '0')}`,
    sourceId: 'test',
    outlet: outlets[n % outlets.length]!,
    channel: 'test',
    link: `https://example.org/${n}`,
    title: '',
    contentHtml: `<p>${text}</p>`,
    text,
    published: new Date(Date.UTC(2022, 0, 1, 0, n)),
  };
}

/** Words no other item has. */
const own = (n: number, count: number): string[] => Array.from({ length: count }, (_, k) => `own${n}x${k}`);

const pairsOf = (items: readonly Item[]): string[] => {
  const sorted = inDedupOrder(items);
  return candidatePairs(comparableDocs(sorted, defaults), defaults.windowHours).map(([a, b]) => `${sorted[a]!.id}+${sorted[b]!.id}`);
};

describe('candidate pairs', () => {
  // 60 items in one hour: a term held by more than 50 of them (and 20% of the batch) names no event.
  // Every item has the word "common"; 56 of them have 13 words of their own, heavier than it, so only the
  // four items with few words of their own are indexed under it.
  const batch = (): Item[] => [
    ...Array.from({ length: 56 }, (_, n) => item(n, [...own(n, 13), 'common'])),
    item(56, [...own(56, 3), 'common']),
    item(57, [...own(57, 3), 'common']),
    item(58, [...own(58, 3), 'rare', 'common']),
    item(59, [...own(59, 3), 'rare', 'common']),
  ];

  it('pairs items indexed under a term few items hold', () => {
    expect(pairsOf(batch())).toContain('item-058+item-059');
  });

  it('does not pair items by a term most items hold, though few are indexed under it', () => {
    const pairs = pairsOf(batch());
    expect(pairs).not.toContain('item-056+item-057');
    expect(pairs).toEqual(['item-058+item-059']);
  });

  it('reads every posting list of a small batch, whatever share of it holds a term', () => {
    // Four items: "common" is held by half of them, more than 20%, but by no more than 50 items.
    const small = [item(0, [...own(0, 3), 'common']), item(1, [...own(1, 3), 'common']), item(2, own(2, 3)), item(3, own(3, 3))];
    expect(pairsOf(small)).toEqual(['item-000+item-001']);
  });
});
