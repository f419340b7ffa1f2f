/**
 * How the store holds up after a year of live operation: 365 daily runs, each listing 500 items of which
 * 100 are new (~10 kB of article each), retention 7 days. Prints the file size, then times load() and
 * record() on the year-old store.  Run: npx vitest bench --run bench/store.bench.ts
 */
import { mkdtempSync, statSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/sqlite.js';
import type { Item } from '../src/types.js';

const ARTICLE = '美国总统气候问题特使克里星期三抵达上海，与中国气候特使解振华会谈。'.repeat(130);

function item(n: number): Item {
  return {
    id: `urn:huiliu:item:${n.toString(16).padStart(24, '0')}`,
    sourceId: ['nytimes', 'rfi', 'voa', 'dw', 'xinjingbao'][n % 5]!,
    outlet: 'voa',
    channel: 'voa',
    link: `https://www.voachinese.com/a/${n}.html`,
    title: `标题 ${n}`,
    published: new Date(Date.UTC(2026, 0, 1) + n * 864_000),
    contentHtml: `<p>${ARTICLE}</p>`,
    text: ARTICLE,
  };
}

const SOURCES = ['nytimes', 'rfi', 'voa', 'dw', 'xinjingbao'];

function run(store: Store, day: number): void {
  const current = Array.from({ length: 500 }, (_, i) => item(day * 100 + i));
  const sources = SOURCES.map((id) => ({ id, ok: true, hits: {}, fetch: 'fresh' as const }));
  store.record({
    sources,
    addresses: new Map(sources.map((s) => [s.id, `https://feedx.net/rss/${s.id}.xml`])),
    current,
    itemOf: (it) => it,
    stories: current.map((it) => ({ id: `story-${it.id}`, items: [it], representative: it, updated: new Date(0) })),
    now: new Date(Date.UTC(2026, 0, 1) + day * 86_400_000),
    keepContentDays: 7,
  });
}

const file = path.join(mkdtempSync(path.join(tmpdir(), 'huiliu-bench-')), 'store.sqlite');
const store = Store.open(file);
const started = performance.now();
for (let day = 0; day < 365; day++) run(store, day);
const memory = store.load();
const withContent = [...memory.items.values()].filter((seen) => seen.item !== undefined).length;
console.log(
  `store after a year: ${memory.items.size} items (${withContent} with content), ${(statSync(file).size / 1e6).toFixed(1)} MB; ` +
    `simulated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

describe('the store after a year', () => {
  bench('load() — every item seen, content of the last week', () => void store.load(), { iterations: 5, time: 0 });
  let day = 365;
  bench('record() — one run of 500 items', () => run(store, day++), { iterations: 5, time: 0 });
});
