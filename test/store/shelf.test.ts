import { describe, expect, it } from 'vitest';
import { ContentShelf, headOf } from '../../src/store/shelf.js';
import type { Item } from '../../src/types.js';
import { item } from '../helpers/stories.js';

/** Items imitating three VOA reports and one DW report that lists the same article as VOA's first. */
function reports(): Item[] {
  return [
    item({
      id: 'urn:huiliu:item:1',
      outlet: 'voa',
      contentHtml: '<p>美国气候特使克里抵达上海。</p>',
      text: '美国气候特使克里抵达上海。',
      terms: { made: 'code:400', titleWords: '克里 抵达 上海', titleSalient: '克里 上海', leadWords: '美国 气候 特使', leadSalient: '美国', days: '4-14' },
    }),
    item({ id: 'urn:huiliu:item:2', outlet: 'voa', contentHtml: '<p>第二篇。</p>', text: '第二篇。' }),
    item({ id: 'urn:huiliu:item:3', outlet: 'voa', contentHtml: '<p>第三篇<b>加粗</b>。</p>', text: '第三篇加粗。' }),
    item({ id: 'urn:huiliu:item:1', outlet: 'dw', contentHtml: '<p>德国之声的版本。</p>', text: '德国之声的版本。' }),
  ];
}

describe('headOf', () => {
  it('keeps everything but the article and its words, with its length and a hash that changes with it', () => {
    const [first] = reports();
    const head = headOf(first!);
    expect(head).not.toHaveProperty('contentHtml');
    expect(head).not.toHaveProperty('text');
    expect(head).not.toHaveProperty('terms');
    expect(head).toMatchObject({ id: first!.id, title: first!.title, textLength: first!.text.length });
    expect(headOf({ ...first!, contentHtml: '<p>改过的。</p>' }).contentDigest).not.toBe(head.contentDigest);
    expect(headOf({ ...first!, text: '改过的。' }).contentDigest).not.toBe(head.contentDigest);
    expect(headOf({ ...first! }).contentDigest).toBe(head.contentDigest);
  });
});

describe('ContentShelf', () => {
  it.each([
    ['in memory', 100, false],
    ['spilled to its temporary file', 2, true],
  ])('gives back every article and its words %s, each source its own copy', (_, spillAfter, spilled) => {
    const shelf = new ContentShelf({ spillAfter });
    const items = reports();
    const heads = [...shelf.shelve(items.slice(0, 2)), ...shelf.shelve(items.slice(2))];
    expect(shelf.spilled).toBe(spilled);
    expect(heads.map((head) => shelf.itemOf(head))).toEqual(items);
    expect(shelf.contentOf(heads[3]!).text).toBe('德国之声的版本。');
    expect(shelf.contentOf(heads[0]!).terms).toEqual(items[0]!.terms);
    expect(shelf.contentOf(heads[1]!)).not.toHaveProperty('terms');
    expect(shelf.termsOf(heads[0]!)).toEqual(items[0]!.terms);
    expect(shelf.termsOf(heads[1]!)).toBeUndefined();
    shelf.close();
  });

  it('reads items of earlier runs from where they are stored, and prefers what this build made', () => {
    const [stored, other] = reports();
    const asked: string[] = [];
    const shelf = new ContentShelf({
      spillAfter: 0,
      stored: (item) => {
        asked.push(item.id);
        return item.id === stored!.id ? { contentHtml: stored!.contentHtml, text: stored!.text } : undefined;
      },
    });
    const [head] = shelf.refer([headOf(stored!)]);
    expect(asked).toEqual([]);
    const seen = new Date('2021-04-16T00:00:00Z');
    expect(shelf.itemOf({ ...head!, firstSeen: seen })).toEqual({ ...stored!, terms: undefined, firstSeen: seen });
    expect(asked).toEqual([stored!.id]);
    // The same item cleaned again in this build: its new article is the one given.
    const remade = { ...stored!, contentHtml: '<p>重新清理。</p>', text: '重新清理。' };
    shelf.shelve([remade]);
    expect(shelf.contentOf(head!).text).toBe('重新清理。');
    // Never referred to: not read from the store, even though the store might have it.
    expect(() => shelf.contentOf(headOf(other!))).toThrow(/no content on the shelf for urn:huiliu:item:2 of voa/);
    shelf.close();
  });

  it('gives the words of an earlier run\'s item from where they are stored alone, without its article', () => {
    const [stored, made] = reports();
    const askedForArticle: string[] = [];
    const shelf = new ContentShelf({
      stored: (item) => {
        askedForArticle.push(item.id);
        return { contentHtml: stored!.contentHtml, text: stored!.text, terms: stored!.terms };
      },
      storedTerms: (item) => (item.id === stored!.id ? stored!.terms : undefined),
    });
    const [head] = shelf.refer([headOf(stored!)]);
    const [madeHead] = shelf.shelve([made!]);
    expect(shelf.termsOf(head!)).toEqual(stored!.terms);
    expect(shelf.termsOf(madeHead!)).toEqual(made!.terms);
    expect(askedForArticle).toEqual([]);
    expect(() => shelf.termsOf(headOf(item({ id: 'urn:huiliu:item:missing', outlet: 'voa' })))).toThrow(/urn:huiliu:item:missing of voa/);
    // Without storedTerms, the words come with the article.
    const plain = new ContentShelf({ stored: () => ({ contentHtml: stored!.contentHtml, text: stored!.text, terms: stored!.terms }) });
    expect(plain.termsOf(plain.refer([headOf(stored!)])[0]!)).toEqual(stored!.terms);
    shelf.close();
    plain.close();
  });

  it('says which item it has no article for', () => {
    const shelf = new ContentShelf();
    expect(() => shelf.contentOf(headOf(item({ id: 'urn:huiliu:item:missing', outlet: 'voa' })))).toThrow(/urn:huiliu:item:missing of voa/);
  });
});
