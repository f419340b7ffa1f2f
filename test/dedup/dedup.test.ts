import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { dedupItems, storyId } from '../../src/dedup/index.js';
import { comparableDocs, inDedupOrder } from '../../src/dedup/index.js';
import { pairEvidence } from '../../src/dedup/similarity.js';
import type { Item, OutletId } from '../../src/types.js';

const defaults = parseConfig({ sources: [{ id: 'x', path: '.' }] }, 'test').dedup;
const now = new Date('2022-01-12T00:00:00Z');

/** Short items in the outlets' wording: two reports of one earthquake, and an unrelated court case. */
function item(id: string, outlet: OutletId, title: string, text: string, published?: string): Item {
  return {
    id,
    sourceId: 'test',
    outlet,
    channel: outlet,
    link: `https://example.org/${id}`,
    title,
    contentHtml: `<p>${text}</p>`,
    text,
    published: published === undefined ? undefined : new Date(published),
  };
}

const quakeText =
  '中国地震台网测定，1月8日凌晨1时45分，青海海北州门源县发生6.9级地震，震源深度10公里。兰新高铁部分路段停运，门源县城房屋受损，当地政府启动应急响应。';
const quakeRfi = item('rfi-quake', 'rfi', '青海门源发生6.9级地震 兰新高铁停运', quakeText, '2022-01-08T02:00:00Z');
const quakeVoa = item(
  'voa-quake',
  'voa',
  '中国青海门源县6.9级强震 高铁线路受损',
  '据中国地震台网消息，青海省海北州门源县星期六（1月8日）凌晨发生6.9级地震，震源深度10公里，兰新高铁停运，门源县有房屋受损。',
  '2022-01-08T05:00:00Z',
);
const court = item(
  'dw-court',
  'dw',
  '香港法院裁定两名前编辑煽动罪成立',
  '香港区域法院星期四裁定两名前编辑串谋发布煽动刊物罪成立，法官称有关文章意图引起对政府的憎恨，辩方表示将考虑上诉。',
  '2022-01-08T06:00:00Z',
);

describe('dedupItems', () => {
  it('merges two outlets reporting one event in different words, and leaves an unrelated report alone', () => {
    const stories = dedupItems([court, quakeVoa, quakeRfi], defaults, now);
    expect(stories.map((s) => s.items.map((it) => it.id))).toEqual([['rfi-quake', 'voa-quake'], ['dw-court']]);
    const quake = stories[0]!;
    expect(quake.id).toBe(storyId('rfi-quake'));
    expect(quake.published).toEqual(quakeRfi.published);
    expect(quake.updated).toEqual(quakeVoa.published);
  });

  it('keeps an issued story id when a later item joins, and never changes it', () => {
    const issued = new Map([['voa-quake', 'urn:huiliu:story:issued-earlier']]);
    const [quake] = dedupItems([quakeRfi, quakeVoa], defaults, now, issued);
    expect(quake!.id).toBe('urn:huiliu:story:issued-earlier');
    expect(quake!.items).toHaveLength(2);
  });

  it('never excludes an undated item by the time window', () => {
    const undated = { ...quakeVoa, id: 'voa-undated', published: undefined };
    const stories = dedupItems([quakeRfi, undated], { ...defaults, windowHours: 1 }, now);
    expect(stories).toHaveLength(1);
  });

  it('does not merge dated reports further apart than the window', () => {
    const weekLater = { ...quakeVoa, published: new Date('2022-01-15T05:00:00Z') };
    expect(dedupItems([quakeRfi, weekLater], defaults, now)).toHaveLength(2);
  });

  it('never merges a digest, however similar', () => {
    const digest = { ...quakeVoa, id: 'nyt-brief', outlet: 'nytimes' as const, title: '简报：青海门源6.9级地震；香港法院裁定煽动罪成立' };
    expect(dedupItems([quakeRfi, digest], defaults, now)).toHaveLength(2);
  });

  it('merges nothing when disabled', () => {
    expect(dedupItems([quakeRfi, quakeVoa], { ...defaults, enabled: false }, now)).toHaveLength(2);
  });

  it('picks the representative by the configured rule', () => {
    const pick = (representative: typeof defaults.representative) =>
      dedupItems([quakeRfi, quakeVoa], { ...defaults, representative }, now)[0]!.representative.id;
    expect(pick('earliest')).toBe('rfi-quake');
    expect(pick('longest')).toBe(quakeVoa.text.length > quakeRfi.text.length ? 'voa-quake' : 'rfi-quake');
    expect(pick(['voa', 'rfi'])).toBe('voa-quake');
  });

  it('weighs words by the recent items in the batch: a word common there counts less', () => {
    const alone = comparableDocs(inDedupOrder([quakeRfi, quakeVoa]), defaults);
    // The store's retained items of recent runs are part of a build's batch.
    const recentQuakes = Array.from({ length: 50 }, (_, i) => ({ ...quakeRfi, id: `recent-${i}`, link: undefined }));
    const withRecent = comparableDocs(inDedupOrder([quakeRfi, quakeVoa, ...recentQuakes]), defaults);
    const pair = (docs: typeof alone) => {
      const rfi = docs.find((d) => d.profile.id === quakeRfi.id)!;
      const voa = docs.find((d) => d.profile.id === quakeVoa.id)!;
      return pairEvidence(rfi, voa, defaults).words;
    };
    expect(pair(withRecent)).toBeLessThan(pair(alone));
  });
});

describe('pairEvidence for an undated item', () => {
  it('infers the gap from the days the text names, and penalises a report of another day', () => {
    const undated = { ...quakeVoa, id: 'undated', published: undefined };
    const monthLater = { ...quakeRfi, published: new Date('2022-02-10T02:00:00Z') };
    const docs = comparableDocs(inDedupOrder([quakeRfi, monthLater, undated]), defaults);
    const [sameDay, later, undatedDoc] = docs;
    const near = pairEvidence(sameDay!, undatedDoc!, defaults);
    const far = pairEvidence(later!, undatedDoc!, defaults);
    expect(near.gapInferred).toBe(true);
    expect(near.gapHours).toBeLessThan(24);
    expect(far.gapHours).toBeGreaterThan(24 * 30);
    expect(far.excluded).toBeUndefined();
    expect(far.score).toBeLessThan(near.score);
  });
});
