import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config.js';
import { retainedItems, validatorsFor, withFirstSeen, type Memory, type SeenItem } from '../../src/store/memory.js';
import { headOf } from '../../src/store/shelf.js';
import type { Item } from '../../src/types.js';

const item = (id: string, sourceId = 'voa'): Item => ({
  id,
  sourceId,
  outlet: 'voa',
  channel: sourceId,
  title: id,
  contentHtml: `<p>${id}</p>`,
  text: id,
});

const seen = (id: string, lastSeen: string, sourceId = 'voa', withContent = true): [string, SeenItem] => [
  id,
  {
    sourceId,
    firstSeen: new Date('2026-01-01T00:00:00Z'),
    lastSeen: new Date(lastSeen),
    ...(withContent ? { item: headOf(item(id, sourceId)) } : {}),
  },
];

const now = new Date('2026-01-10T00:00:00Z');

describe('retention', () => {
  const memory: Memory = {
    sources: new Map(),
    items: new Map([
      seen('yesterday', '2026-01-09T00:00:00Z'),
      seen('last-week', '2026-01-04T00:00:00Z'),
      seen('too-old', '2026-01-02T00:00:00Z'),
      seen('no-content', '2026-01-09T00:00:00Z', 'voa', false),
      seen('removed-source', '2026-01-09T00:00:00Z', 'gone'),
      seen('current', '2026-01-09T00:00:00Z'),
    ]),
  };

  it('keeps dropped items seen within the window, from configured sources, with content, newest first', () => {
    const kept = retainedItems(memory, [item('current')], ['voa'], { days: 7, maxEntries: 100 }, now);
    expect(kept.map((it) => it.id)).toEqual(['yesterday', 'last-week']);
  });

  it('counts the current items against maxEntries, and never drops current items', () => {
    expect(retainedItems(memory, [item('current')], ['voa'], { days: 7, maxEntries: 2 }, now).map((it) => it.id)).toEqual(['yesterday']);
    expect(retainedItems(memory, [item('current'), item('x')], ['voa'], { days: 7, maxEntries: 1 }, now)).toEqual([]);
  });

  it('keeps nothing with days: 0', () => {
    expect(retainedItems(memory, [], ['voa'], { days: 0, maxEntries: 100 }, now)).toEqual([]);
  });
});

describe('conditional GET and first-seen times', () => {
  const source: SourceConfig = { id: 'voa', url: 'http://127.0.0.1/voa.xml' };
  const memory: Memory = {
    sources: new Map([['voa', { address: 'http://127.0.0.1/voa.xml', validators: { etag: '"e"' }, itemIds: ['a'], hits: {} }]]),
    items: new Map([seen('a', '2026-01-09T00:00:00Z')]),
  };

  it('sends validators only for the same address with every stored item re-creatable', () => {
    expect(validatorsFor(memory, source)).toEqual({ etag: '"e"' });
    expect(validatorsFor(memory, { ...source, url: 'http://127.0.0.1/other.xml' })).toBeUndefined();
    const lost: Memory = { ...memory, items: new Map([seen('a', '2026-01-09T00:00:00Z', 'voa', false)]) };
    expect(validatorsFor(lost, source)).toBeUndefined();
  });

  it('stamps known items with their first-seen time and new ones with now', () => {
    const stamped = withFirstSeen([item('a'), item('new')], memory, now);
    expect(stamped.map((it) => it.firstSeen)).toEqual([new Date('2026-01-01T00:00:00Z'), now]);
  });
});
