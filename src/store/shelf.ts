import Database from 'better-sqlite3';
import { textDigest } from '../text-digest.js';
import type { Item, ItemContent, ItemHead, ItemMeta, ItemTerms } from '../types.js';

/**
 * Items a build holds before it spills their content to disk. Five feedx sources (about 1,000 items) and
 * 10,000 items stay in memory, where a shelf costs nothing; at 100,000 items the articles and dedup's
 * words are about 450 MB of strings, and on disk they leave a build's memory flat.
 */
export const SPILL_AFTER_ITEMS = 20_000;

/**
 * The head of an item: everything but its article and dedup's words, with the article's length and a
 * hash of it. (The words are made from the title and text by dedup's code, so the hash need not cover them.)
 */
export function headOf(item: Item): ItemHead {
  const { contentHtml: _html, text, terms: _terms, ...meta } = item;
  return { ...meta, textLength: text.length, contentDigest: contentDigest(item) };
}

function contentDigest({ contentHtml, text }: Pick<Item, 'contentHtml' | 'text'>): string {
  return textDigest('sha1', [contentHtml, '\0', text], 'base64');
}

const contentOfItem = ({ contentHtml, text, terms }: Item): ItemContent => (terms === undefined ? { contentHtml, text } : { contentHtml, text, terms });

interface ContentRow {
  contentHtml: string;
  text: string;
  terms: string | null;
}

// Two sources may list the same article (one id): each keeps its own copy, as each cleaned it.
const keyOf = (item: Pick<ItemMeta, 'sourceId' | 'id'>): string => `${item.sourceId}\n${item.id}`;

/**
 * Where a build keeps its items' articles and dedup's words between cleaning and rendering, so that
 * what it holds in memory (dedup, retention, the feeds' lists) is only the items' heads. Content made in
 * the build is in memory until the shelf holds more than `spillAfter` items, then in a temporary SQLite
 * database (an empty file name: SQLite keeps it in its page cache, writes it to a file that is deleted
 * when it closes, and nobody else can open it). Items of earlier runs are `refer`red to where they are
 * (`stored`: the store), never copied. One shelf serves one build; `close` drops it.
 */
export class ContentShelf {
  private readonly inMemory = new Map<string, ItemContent>();
  /** Items of earlier runs, whose content `stored` gives. */
  private readonly referred = new Set<string>();
  private disk: { db: Database.Database; put: Database.Statement; get: Database.Statement; getTerms: Database.Statement } | undefined;
  private readonly spillAfter: number;
  private readonly stored: ((item: ItemMeta) => ItemContent | undefined) | undefined;
  private readonly storedTerms: ((item: ItemMeta) => ItemTerms | undefined) | undefined;

  /**
   * `stored` gives the content of an item of an earlier run; `storedTerms` its dedup words alone, when
   * the store can read them without the article (else they are taken from `stored`).
   */
  constructor(
    options: {
      spillAfter?: number;
      stored?: (item: ItemMeta) => ItemContent | undefined;
      storedTerms?: (item: ItemMeta) => ItemTerms | undefined;
    } = {},
  ) {
    this.spillAfter = options.spillAfter ?? SPILL_AFTER_ITEMS;
    this.stored = options.stored;
    this.storedTerms = options.storedTerms;
  }

  /** Takes the articles of freshly made items into the shelf; returns their heads. */
  shelve(items: readonly Item[]): ItemHead[] {
    if (this.disk === undefined && this.inMemory.size + items.length > this.spillAfter) this.spill();
    const heads = items.map(headOf);
    if (this.disk === undefined) {
      for (const item of items) this.inMemory.set(keyOf(item), contentOfItem(item));
    } else {
      const { db, put } = this.disk;
      db.transaction(() => {
        for (const item of items) putRow(put, keyOf(item), item);
      })();
    }
    return heads;
  }

  /** Items of earlier runs in this build: their content is read from `stored` when asked for. */
  refer(heads: readonly ItemHead[]): ItemHead[] {
    for (const head of heads) this.referred.add(keyOf(head));
    return [...heads];
  }

  /** The article and words of an item shelved or referred to in this build (made now first, then stored). */
  contentOf(item: ItemMeta): ItemContent {
    const key = keyOf(item);
    const made = this.inMemory.get(key) ?? this.fromDisk(key);
    const content = made ?? (this.referred.has(key) ? this.stored?.(item) : undefined);
    if (content === undefined) throw new Error(`no content on the shelf for ${item.id} of ${item.sourceId}`);
    return content;
  }

  /**
   * The dedup words of an item shelved or referred to in this build, as made with it (undefined when it
   * has none): for an item of an earlier run, without reading its article when the store can.
   */
  termsOf(item: ItemMeta): ItemTerms | undefined {
    const key = keyOf(item);
    const inMemory = this.inMemory.get(key);
    if (inMemory !== undefined) return inMemory.terms;
    // Spilled: the words' column alone, not the article (dedup reads every item's words).
    const row = this.disk?.getTerms.get(key) as { terms: string | null } | undefined;
    if (row !== undefined) return row.terms === null ? undefined : (JSON.parse(row.terms) as ItemTerms);
    if (!this.referred.has(key)) throw new Error(`no content on the shelf for ${item.id} of ${item.sourceId}`);
    return this.storedTerms ? this.storedTerms(item) : this.stored?.(item)?.terms;
  }

  private fromDisk(key: string): ItemContent | undefined {
    const row = this.disk?.get.get(key) as ContentRow | undefined;
    if (row === undefined) return undefined;
    const { contentHtml, text, terms } = row;
    return terms === null ? { contentHtml, text } : { contentHtml, text, terms: JSON.parse(terms) as ItemTerms };
  }

  /** The whole item again, as it was shelved (its `firstSeen` from the head). */
  itemOf(head: ItemHead): Item {
    const { textLength: _length, contentDigest: _digest, ...meta } = head;
    return { ...meta, ...this.contentOf(head) };
  }

  /** Whether the articles are on disk now. */
  get spilled(): boolean {
    return this.disk !== undefined;
  }

  close(): void {
    this.disk?.db.close();
    this.disk = undefined;
    this.inMemory.clear();
    this.referred.clear();
  }

  private spill(): void {
    const db = new Database('');
    db.exec('CREATE TABLE contents (key TEXT PRIMARY KEY, contentHtml TEXT NOT NULL, text TEXT NOT NULL, terms TEXT)');
    const put = db.prepare('INSERT OR REPLACE INTO contents (key, contentHtml, text, terms) VALUES (?, ?, ?, ?)');
    this.disk = {
      db,
      put,
      get: db.prepare('SELECT contentHtml, text, terms FROM contents WHERE key = ?'),
      getTerms: db.prepare('SELECT terms FROM contents WHERE key = ?'),
    };
    db.transaction(() => {
      for (const [key, content] of this.inMemory) putRow(put, key, content);
    })();
    this.inMemory.clear();
  }
}

function putRow(put: Database.Statement, key: string, { contentHtml, text, terms }: ItemContent): void {
  put.run(key, contentHtml, text, terms === undefined ? null : JSON.stringify(terms));
}
