/**
 * The floor: what the libraries a build calls for every item cost on the benchmark's data, one thread,
 * with none of huiliu's own work between the calls. Issue #7 measures a build against fast-xml-parser
 * and cheerio alone; a build also has to sanitize every article (sanitize-html, the security gate),
 * segment every title and lead for dedup (jieba), render every feed (`feed`, Atom and RSS) and keep every
 * article in the store (SQLite). Against the limit, this says how much of a build's cost is the libraries'
 * and how much is huiliu's: rules, dedup's scoring, threads, hashing, V8 compiling and collecting.
 *
 * Each library gets what it gets in a build: htmlparser2 the raw bodies (huiliu's one parse and
 * serialisation of each), sanitize-html each cleaned article, jieba each folded title and lead as dedup
 * segments them, `feed` one document per source and a merged one of the newest thousand items, SQLite each
 * item's JSON. fast-xml-parser's share is the limit's own row; the items are cleaned, untimed, in between.
 */
import Database from 'better-sqlite3';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Feed } from 'feed';
import { adaptSource } from '../src/adapters/adapt.js';
import { parseBody, serializeBody } from '../src/clean/parse.js';
import { sanitize } from '../src/clean/sanitize.js';
import { escapeText } from '../src/clean/text.js';
import { loadConfig } from '../src/config.js';
import { foldText, segmentationInput, segmented } from '../src/dedup/text.js';
import { parseDocument } from '../src/parse/index.js';
import type { Item } from '../src/types.js';

/** The floor's rows, as `measureFloor` names them in its seconds. */
export const FLOOR_ROWS = {
  html: 'htmlparser2 parse + serialize of each body',
  sanitize: 'sanitize-html of each article',
  segment: "jieba's `cut` of each title and lead",
  feed: '`feed`: Atom and RSS of each feed',
  store: 'SQLite: each item inserted',
} as const;

/** The newest items the merged feed holds (`retention.maxStories`' default). */
const MERGED_ITEMS = 1_000;

function timed<T>(into: Record<string, number>, row: string, run: () => T): T {
  const start = process.hrtime.bigint();
  const result = run();
  into[row] = (into[row] ?? 0) + Number(process.hrtime.bigint() - start) / 1e9;
  return result;
}

/** One `feed` document of `items`, rendered as Atom and RSS, with the fields huiliu gives it (emit/feed-lib.ts). */
function renderWithFeed(items: readonly Item[], id: string): number {
  const feed = new Feed({ id, title: id, copyright: 'Articles © their publishers', updated: new Date(Date.UTC(2021, 0, 1)), link: 'https://example.org/' });
  for (const item of items) {
    feed.addItem({
      id: item.id,
      title: escapeText(item.title),
      link: item.link ?? '',
      date: item.published ?? new Date(Date.UTC(2021, 0, 1)),
      ...(item.published ? { published: item.published } : {}),
      description: escapeText(item.text.slice(0, 160)),
      content: item.contentHtml,
      ...(item.author ? { author: [{ name: item.author }] } : {}),
      category: [{ term: item.outlet }],
    });
  }
  return feed.atom1().length + feed.rss2().length;
}

/** The floor's seconds, row by row (FLOOR_ROWS), over the feeds of a generated benchmark folder. */
export async function measureFloor(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = Object.fromEntries(Object.keys(FLOOR_ROWS).map((row) => [row, 0]));
  const loaded = await loadConfig(path.join(dir, 'huiliu.json'));
  const { leadCharacters } = loaded.config.dedup;
  const storeFile = path.join(dir, 'floor.sqlite');
  rmSync(storeFile, { force: true });
  const db = new Database(storeFile);
  db.exec('CREATE TABLE contents (id TEXT PRIMARY KEY, item_json TEXT NOT NULL)');
  const insert = db.prepare('INSERT OR REPLACE INTO contents (id, item_json) VALUES (?, ?)');
  const newest: Item[] = [];
  let bytes = 0;
  for (const source of loaded.config.sources) {
    const raws = parseDocument({ name: source.id, text: readFileSync(path.resolve(loaded.dir, source.path!), 'utf8') }, source.id);
    timed(out, 'html', () => {
      for (const raw of raws) if (raw.bodyFormat !== 'text') bytes += serializeBody(parseBody(raw.body)).length;
    });
    const { items } = adaptSource(raws, source, loaded.config);
    timed(out, 'sanitize', () => {
      for (const item of items) bytes += sanitize(item.contentHtml).length;
    });
    const inputs = items.flatMap((item) => [foldText(item.title), foldText(item.text.slice(0, leadCharacters))].map(segmentationInput));
    timed(out, 'segment', () => {
      // The first call also loads jieba's dictionary, as a build's first segmenting does.
      for (const input of inputs) bytes += segmented(input).length;
    });
    bytes += timed(out, 'feed', () => renderWithFeed(items, source.id));
    const rows = items.map((item) => [item.id, JSON.stringify(item)] as const);
    timed(out, 'store', () => db.transaction(() => rows.forEach(([id, json]) => insert.run(id, json)))());
    newest.push(...items);
    newest.sort((a, b) => (b.published?.getTime() ?? 0) - (a.published?.getTime() ?? 0)).splice(MERGED_ITEMS);
  }
  bytes += timed(out, 'feed', () => renderWithFeed(newest, 'merged'));
  db.close();
  rmSync(storeFile, { force: true });
  if (bytes === 0) throw new Error('the floor measured nothing');
  return out;
}
