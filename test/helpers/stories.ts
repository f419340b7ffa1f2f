import type { Item, Story } from '../../src/types.js';

/** A cleaned item as the adapters would hand it to emit; imitates a VOA/RFI/Xinjingbao report of one event. */
export function item(overrides: Partial<Item> & Pick<Item, 'id' | 'outlet'>): Item {
  return {
    sourceId: overrides.outlet,
    channel: overrides.outlet,
    title: '克里抵达上海',
    published: new Date('2021-04-15T13:59:02Z'),
    contentHtml: '<p>美国气候特使克里抵达上海。这是拜登政府首次派高级官员访华。</p>',
    text: '美国气候特使克里抵达上海。这是拜登政府首次派高级官员访华。',
    ...overrides,
  };
}

/**
 * Three reports merged into one story (VOA with a link and a byline, DW with a link, Xinjingbao with
 * neither) and one lone RFI report.
 */
export function sampleStories(): { items: Item[]; stories: Story[] } {
  const voa = item({
    id: 'urn:huiliu:item:voa1',
    outlet: 'voa',
    link: 'https://www.voachinese.com/a/kerry/5854181.html',
    author: '方冰',
    title: 'Kerry & Xie <talks> 克里抵达上海',
  });
  const xjb = item({ id: 'urn:huiliu:item:xjb1', outlet: 'xinjingbao', title: '克里访问上海', published: new Date('2021-04-15T15:00:00Z') });
  const dw = item({ id: 'urn:huiliu:item:dw1', outlet: 'dw', link: 'https://www.dw.com/zh/a-57211234', title: '克里在上海' });
  const rfi = item({
    id: 'urn:huiliu:item:rfi1',
    outlet: 'rfi',
    link: 'https://www.rfi.fr/cn/20210323-climate',
    title: '中美气候特使线上会谈',
    published: new Date('2021-03-23T09:45:03Z'),
  });
  const stories: Story[] = [
    { id: 'urn:huiliu:story:s1', items: [voa, dw, xjb], representative: voa, published: voa.published, updated: xjb.published! },
    { id: 'urn:huiliu:story:s2', items: [rfi], representative: rfi, published: rfi.published, updated: rfi.published! },
  ];
  return { items: [voa, dw, xjb, rfi], stories };
}
