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
    const shelf = new ContentShelf(spillAfter);
    const items = reports();
    const heads = [...shelf.shelve(items.slice(0, 2)), ...shelf.shelve(items.slice(2))];
    expect(shelf.spilled).toBe(spilled);
    expect(heads.map((head) => shelf.itemOf(head))).toEqual(items);
    expect(shelf.contentOf(heads[3]!).text).toBe('德国之声的版本。');
    expect(shelf.contentOf(heads[0]!).terms).toEqual(items[0]!.terms);
    expect(shelf.contentOf(heads[1]!)).not.toHaveProperty('terms');
    shelf.close();
  });

  it('refers to held items rather than copying them, and carries a head\'s first-seen time back', () => {
    const shelf = new ContentShelf(0);
    const held = reports()[0]!;
    const [head] = shelf.hold([held]);
    expect(shelf.spilled).toBe(false);
    const seen = new Date('2021-04-16T00:00:00Z');
    expect(shelf.itemOf({ ...head!, firstSeen: seen })).toEqual({ ...held, firstSeen: seen });
    shelf.close();
  });

  it('says which item it has no article for', () => {
    const shelf = new ContentShelf();
    expect(() => shelf.contentOf({ id: 'urn:huiliu:item:missing', sourceId: 'voa' })).toThrow(/urn:huiliu:item:missing of voa/);
  });
});
