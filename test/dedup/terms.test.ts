import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { dedupItems } from '../../src/dedup/index.js';
import { encodeTerms, itemWords, wordsOf } from '../../src/dedup/terms.js';
import type { Item } from '../../src/types.js';
import { loadFolder, repoRoot } from './labelled-sets.js';

const defaults = parseConfig({ sources: [{ id: 'written', path: '.' }] }, 'test').dedup;

describe("dedup's words made where items are cleaned", () => {
  let items: Item[];
  beforeAll(async () => {
    items = await loadFolder(path.join(repoRoot, 'test/fixtures/dedup/written'));
  });

  it('are made by the build (the Cleaner) and decode to exactly the words dedup would work out', () => {
    expect(items.every((item) => item.terms !== undefined)).toBe(true);
    for (const item of items) expect(wordsOf(item, defaults.leadCharacters, item.terms)).toEqual(itemWords(item, defaults.leadCharacters));
  });

  it('give the same stories as items without them', () => {
    const now = new Date('2023-01-01T00:00:00Z');
    const bare = items.map(({ terms: _terms, ...item }) => item);
    const stories = (list: Item[]) => dedupItems(list, defaults, now).map((s) => s.items.map((it) => it.id));
    expect(stories(items)).toEqual(stories(bare));
    expect(stories(items).some((members) => members.length > 1)).toBe(true);
  });

  it('are not used when made with another lead length (or by other code)', () => {
    const item = items[0]!;
    const wrong = { ...item, terms: { ...encodeTerms(item, 10), leadWords: '伪造' } };
    expect(wordsOf(wrong, defaults.leadCharacters, wrong.terms)).toEqual(itemWords(item, defaults.leadCharacters));
    const forged = { ...item, terms: { ...encodeTerms(item, defaults.leadCharacters), leadWords: '伪造' } };
    expect(wordsOf(forged, defaults.leadCharacters, forged.terms).lead.words).toEqual(['伪造']);
  });
});
