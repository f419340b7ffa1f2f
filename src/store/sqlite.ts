import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RuleHits } from '../clean/rules.js';
import { UserError } from '../errors.js';
import type { Validators } from '../fetch/http.js';
import type { Adapted } from '../adapters/adapt-each.js';
import type { CleanCache, CleanCacheUse } from '../adapters/cleaner.js';
import { textDigest } from '../text-digest.js';
import type { Item, ItemContent, ItemHead, ItemMeta, ItemTerms } from '../types.js';
import { parseHead, parseItem, parseTerms, serializeHead, serializeItem } from './item-json.js';
import type { Memory, SeenItem, SourceMemory } from './memory.js';
import { headOf } from './shelf.js';

/** Bumped when the tables change; an unknown newer version is refused rather than misread. */
const SCHEMA_VERSION = 5;

const HEADS_TABLE = `
CREATE TABLE IF NOT EXISTS heads (
  id        TEXT PRIMARY KEY REFERENCES items (id),
  head_json TEXT NOT NULL
);`;

/** Whether the store has this table (a store of an old version may lack some). */
const hasTable = (db: Database.Database, table: string): boolean => (db.pragma(`table_info(${table})`) as unknown[]).length > 0;

/** Adds a column to a table that lacks it (a table not there yet is made whole by SCHEMA). */
function addColumn(db: Database.Database, table: string, column: string, type: string): void {
  const columns = db.pragma(`table_info(${table})`) as Array<{ name: string }>;
  if (columns.length > 0 && !columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type};`);
}

/** Changes from each version to the next, run in order on an older store (version 0 is a new file). */
const MIGRATIONS: Record<number, (db: Database.Database) => void> = {
  // Version 2: file sources are read again only when their bytes change (fetch/read-source.ts).
  1: (db) => addColumn(db, 'sources', 'content_hash', 'TEXT'),
  // Version 3: the clean cache refers to `contents` instead of holding a second copy of each item. The
  // cache is never the only copy of anything: the run after the upgrade cleans everything once.
  2: (db) => db.exec('DROP TABLE IF EXISTS clean_cache;'),
  // Version 4: each kept item's head in a table of its own, so loading the memory reads 400 bytes an
  // item instead of every article. Heads of the items already kept are made once, here (about 7 s for
  // 100,000 items).
  3: (db) => {
    db.exec(HEADS_TABLE);
    if (hasTable(db, 'contents')) addHeads(db);
  },
  // Version 5: a fingerprint of each published feed's document, so a build renders only the feeds that changed.
  4: (db) => addColumn(db, 'published', 'documents', 'TEXT'),
};

/** Writes the head of every kept item, a few hundred at a time. */
function addHeads(db: Database.Database): void {
  const batch = db.prepare('SELECT rowid, id, item_json FROM contents WHERE rowid > ? ORDER BY rowid LIMIT 500');
  const put = db.prepare('INSERT OR REPLACE INTO heads (id, head_json) VALUES (?, ?)');
  for (let after = 0; ; ) {
    const rows = batch.all(after) as Array<{ rowid: number; id: string; item_json: string }>;
    if (rows.length === 0) return;
    for (const row of rows) {
      const head = headOfStored(row.item_json);
      if (head !== undefined) put.run(row.id, serializeHead(head));
    }
    after = rows.at(-1)!.rowid;
  }
}

/*
 * Items and their content live in two tables: `items` (about 200 bytes a row) is kept for ever, so ids,
 * first-seen times and story ids never change; `contents` holds the article only while it may still be
 * published, and its rows are deleted, not emptied — an emptied row would leave a near-empty page behind
 * (bench/store.bench.ts: a simulated year, 31 MB of live content, made a 110 MB file; 41 MB once split).
 *
 * The clean cache maps a raw item's content hash (adapters/clean-key.ts) to the item it was cleaned into,
 * by reference: the item's row in `contents` and a hash of that row's JSON as it was written. A row
 * written since (the article changed, or another source wrote the same id) or pruned makes a miss, and
 * the item is cleaned again; it never gives an item other than the one that was cleaned.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS items (
  id         TEXT PRIMARY KEY,
  source_id  TEXT NOT NULL,
  story_id   TEXT,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS contents (
  id        TEXT PRIMARY KEY REFERENCES items (id),
  item_json TEXT NOT NULL
);
${HEADS_TABLE}
CREATE TABLE IF NOT EXISTS sources (
  id            TEXT PRIMARY KEY,
  address       TEXT,
  etag          TEXT,
  last_modified TEXT,
  content_hash  TEXT,
  item_ids      TEXT NOT NULL DEFAULT '[]',
  hits          TEXT NOT NULL DEFAULT '{}',
  last_attempt  INTEGER,
  last_success  INTEGER,
  error         TEXT
);
CREATE TABLE IF NOT EXISTS published (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL,
  files       TEXT NOT NULL,
  documents   TEXT
);
CREATE TABLE IF NOT EXISTS clean_cache (
  key         TEXT PRIMARY KEY,
  item_id     TEXT,
  item_digest TEXT,
  hits        TEXT NOT NULL,
  last_used   INTEGER NOT NULL
);`;

/** The hash a clean-cache row keeps of the item JSON it refers to. */
const jsonDigest = (json: string): string => textDigest('sha1', [json], 'base64');

/** How one source fared in a run, as the store needs it (the pipeline's SourceReport fits this shape). */
export interface SourceOutcome {
  id: string;
  ok: boolean;
  error?: string;
  hits: RuleHits;
  /** 'fresh': a new document was read; 'unchanged': a 304 reused the stored items. */
  fetch?: 'fresh' | 'unchanged';
  validators?: Validators;
}

/** One run, as recorded. `current` is what each upstream lists now; `addresses` maps source id → url/path. */
export interface RunRecord<T extends ItemMeta = Item> {
  sources: readonly SourceOutcome[];
  addresses: ReadonlyMap<string, string>;
  current: readonly T[];
  /**
   * Each of `current` whole: a build's items are heads whose articles are on its shelf, read back here
   * one at a time as they are written.
   */
  itemOf: (item: T) => Item;
  /**
   * Each of `current`'s head, when the caller has it already (a build's items are heads, made as they
   * were cleaned); otherwise the head is made from the whole item, hashing its article once more.
   */
  headOf?: (item: T) => ItemHead;
  stories: ReadonlyArray<{ id: string; items: ReadonlyArray<Pick<ItemMeta, 'id'>> }>;
  now: Date;
  /** Content older than this (and in no last good fetch) is dropped; the id, times and story id stay. */
  keepContentDays: number;
  /**
   * What the run did with the clean cache: results it made are kept (pointing at the contents rows this
   * record writes), results it reused are marked used; entries no run used for `keepContentDays` go.
   */
  cleanCache?: CleanCacheUse;
}

/** A run being recorded (`Store.beginRecord`): its transaction is open until one of these is called, once. */
export interface RunRecording {
  /** Writes the run's story ids and commits the run. */
  finish(stories: RunRecord['stories']): void;
  /** Rolls the run back: the store is as it was before `beginRecord`. */
  abandon(): void;
}

/** What the last publish put in the output folder (`Store.published`). */
export interface PublishedOutputs {
  fingerprint: string;
  files: string[];
  documents: ReadonlyMap<string, string>;
}

interface ItemRow {
  id: string;
  source_id: string;
  story_id: string | null;
  first_seen: number;
  last_seen: number;
  /** The head when stored, else the whole item (older rows). */
  head_json: string | null;
  item_json: string | null;
}

interface SourceRow {
  id: string;
  address: string | null;
  etag: string | null;
  last_modified: string | null;
  content_hash: string | null;
  item_ids: string;
  hits: string;
  last_attempt: number | null;
  last_success: number | null;
  error: string | null;
}

const optionalDate = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));

/** The head of a whole stored item (a row without a stored head). */
function headOfStored(json: string | null): ItemHead | undefined {
  const item = json === null ? undefined : parseItem(json);
  return item === undefined ? undefined : headOf(item);
}

/**
 * The store: one SQLite file (better-sqlite3, embedded, no server). The rollback journal (not WAL) keeps
 * it one file at rest, so it can be copied or cached between CI runs; every run is one transaction.
 */
export class Store {
  private selectContent: Database.Statement | undefined;
  private selectTerms: Database.Statement | undefined;

  private constructor(private readonly db: Database.Database) {}

  static open(file: string): Store {
    let db: Database.Database;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      db = new Database(file);
      db.pragma('journal_mode = DELETE');
      db.pragma('synchronous = FULL');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        db.close();
        throw new UserError(`store ${file} was written by a newer huiliu (schema ${version}); upgrade huiliu`);
      }
      db.transaction(() => {
        // A new file (version 0) gets the current tables; an older store gets the changes since its version.
        if (version > 0) for (let v = version; v < SCHEMA_VERSION; v++) MIGRATIONS[v]!(db);
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`cannot open the store ${file}: ${(error as Error).message} (move it away to start afresh)`);
    }
    return new Store(db);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Everything earlier runs left, with each kept item as a head: its article stays here until
   * `contentOf` reads it back (at 100,000 items the articles would be half a gigabyte of strings).
   */
  load(): Memory {
    const items = new Map<string, SeenItem>();
    // Row by row: `.all()` would hold every item's JSON at once (over a GB of strings at 100,000 items).
    const rows = this.db
      .prepare(`
        SELECT items.*,
          CASE WHEN contents.id IS NOT NULL THEN heads.head_json END AS head_json,
          CASE WHEN contents.id IS NOT NULL AND heads.head_json IS NULL THEN contents.item_json END AS item_json
        FROM items LEFT JOIN contents USING (id) LEFT JOIN heads USING (id)`)
      .iterate() as Iterable<ItemRow>;
    for (const row of rows) {
      const item = row.head_json !== null ? parseHead(row.head_json) : headOfStored(row.item_json);
      items.set(row.id, {
        sourceId: row.source_id,
        firstSeen: new Date(row.first_seen),
        lastSeen: new Date(row.last_seen),
        ...(row.story_id === null ? {} : { storyId: row.story_id }),
        ...(item === undefined ? {} : { item }),
      });
    }
    return { sources: this.sources(), items };
  }

  /**
   * The article and dedup's words of an item `load` gave, as stored; undefined once its content is gone.
   * (A build asks only while the store is open, and only for items of the memory it loaded.)
   */
  /**
   * The stored item's dedup words alone: SQLite picks them out of the stored JSON, so a build whose dedup
   * reads the words of every kept item does not read and parse every article for them.
   */
  termsOf(id: string): ItemTerms | undefined {
    this.selectTerms ??= this.db.prepare("SELECT json_extract(item_json, '$.terms') FROM contents WHERE id = ? AND json_valid(item_json)").pluck();
    const json = this.selectTerms.get(id) as string | null | undefined;
    return typeof json === 'string' ? parseTerms(json) : undefined;
  }

  contentOf(id: string): ItemContent | undefined {
    this.selectContent ??= this.db.prepare('SELECT item_json FROM contents WHERE id = ?').pluck();
    const json = this.selectContent.get(id) as string | undefined;
    const item = json === undefined ? undefined : parseItem(json);
    if (item === undefined) return undefined;
    const { contentHtml, text, terms } = item;
    return terms === undefined ? { contentHtml, text } : { contentHtml, text, terms };
  }

  /** The sources alone: cheap, for status.json after a run. */
  sources(): Map<string, SourceMemory> {
    const sources = new Map<string, SourceMemory>();
    for (const row of this.db.prepare('SELECT * FROM sources').all() as SourceRow[]) {
      const validators: Validators = {};
      if (row.etag !== null) validators.etag = row.etag;
      if (row.last_modified !== null) validators.lastModified = row.last_modified;
      if (row.content_hash !== null) validators.contentHash = row.content_hash;
      sources.set(row.id, {
        ...(row.address === null ? {} : { address: row.address }),
        validators,
        itemIds: JSON.parse(row.item_ids) as string[],
        hits: JSON.parse(row.hits) as RuleHits,
        lastAttempt: optionalDate(row.last_attempt),
        lastSuccess: optionalDate(row.last_success),
        ...(row.error === null ? {} : { error: row.error }),
      });
    }
    return sources;
  }

  /**
   * Cleaned items of earlier runs by content hash, read one at a time as the build asks: a second run
   * over re-served feeds cleans nothing.
   */
  cleanCache(): CleanCache {
    const select = this.db.prepare(`
      SELECT clean_cache.item_id, clean_cache.item_digest, clean_cache.hits, contents.item_json
      FROM clean_cache LEFT JOIN contents ON contents.id = clean_cache.item_id WHERE key = ?`);
    return {
      get(key: string): Adapted | undefined {
        const row = select.get(key) as
          | { item_id: string | null; item_digest: string | null; hits: string; item_json: string | null }
          | undefined;
        if (row === undefined) return undefined;
        const hits = JSON.parse(row.hits) as RuleHits;
        if (row.item_id === null) return { hits };
        if (row.item_json === null || jsonDigest(row.item_json) !== row.item_digest) return undefined;
        const item = parseItem(row.item_json);
        return item === undefined ? undefined : { item, hits };
      },
    };
  }

  /**
   * The last published outputs: their fingerprint (output/fingerprint.ts), file names, and each feed
   * document's fingerprint (emit `documentFingerprints`; empty when published by a store before schema 5).
   */
  published(): PublishedOutputs | undefined {
    const row = this.db.prepare('SELECT fingerprint, files, documents FROM published WHERE id = 1').get() as
      | { fingerprint: string; files: string; documents: string | null }
      | undefined;
    if (row === undefined) return undefined;
    const documents = new Map(Object.entries(row.documents === null ? {} : (JSON.parse(row.documents) as Record<string, string>)));
    return { fingerprint: row.fingerprint, files: JSON.parse(row.files) as string[], documents };
  }

  /**
   * Forgets what was published, before a new set is: a run killed between publishing and
   * `recordPublished` must not leave the store describing the set before, which a later run (an upstream
   * edit reverted, say) would take for the folder's and keep. Forgotten, the next run renders everything.
   */
  forgetPublished(): void {
    this.db.prepare('DELETE FROM published WHERE id = 1').run();
  }

  recordPublished(fingerprint: string, files: readonly string[], documents: ReadonlyMap<string, string> = new Map()): void {
    this.db
      .prepare('INSERT OR REPLACE INTO published (id, fingerprint, files, documents) VALUES (1, ?, ?, ?)')
      .run(fingerprint, JSON.stringify(files), JSON.stringify(Object.fromEntries(documents)));
  }

  /** Records one run in one transaction: a crash leaves the store as it was before the run or after it. */
  record<T extends ItemMeta>(run: RunRecord<T>): void {
    this.beginRecord(run).finish(run.stories);
  }

  /**
   * Begins recording one run: its sources and items are written now, in a transaction left open until
   * `finish` writes the story ids (which only dedup knows) and commits, or `abandon` rolls it back. A
   * build records while dedup runs in a worker (pipeline.ts). Until then nothing else may write to this
   * store; reads see the run. A crash, or an error here, leaves the store as it was before the run.
   */
  beginRecord<T extends ItemMeta>(run: Omit<RunRecord<T>, 'stories'>): RunRecording {
    const now = run.now.getTime();
    const upsertItem = this.db.prepare(`
      INSERT INTO items (id, source_id, first_seen, last_seen) VALUES (@id, @source, @now, @now)
      ON CONFLICT (id) DO UPDATE SET source_id = @source, last_seen = @now`);
    // Unchanged content is not rewritten: most of a feed is the same from one run to the next.
    const upsertContent = this.db.prepare(`
      INSERT INTO contents (id, item_json) VALUES (@id, @json)
      ON CONFLICT (id) DO UPDATE SET item_json = excluded.item_json WHERE item_json IS NOT excluded.item_json`);
    const upsertHead = this.db.prepare(`
      INSERT INTO heads (id, head_json) VALUES (@id, @head)
      ON CONFLICT (id) DO UPDATE SET head_json = excluded.head_json WHERE head_json IS NOT excluded.head_json`);
    const touchItem = this.db.prepare('UPDATE items SET last_seen = @now WHERE id = @id');
    const issueStory = this.db.prepare('UPDATE items SET story_id = @story WHERE id = @id AND story_id IS NULL');
    const attempt = this.db.prepare(`
      INSERT INTO sources (id, last_attempt, error) VALUES (@id, @now, @error)
      ON CONFLICT (id) DO UPDATE SET last_attempt = @now, error = @error`);
    const success = this.db.prepare('UPDATE sources SET last_success = @now WHERE id = @id');
    const fresh = this.db.prepare(`
      UPDATE sources SET address = @address, etag = @etag, last_modified = @lastModified, content_hash = @contentHash, item_ids = @itemIds, hits = @hits
      WHERE id = @id`);
    // Content of a last good fetch is never dropped: it is what a 304 or a failed fetch republishes.
    const pruneContent = this.db.prepare(`
      DELETE FROM contents
      WHERE id IN (SELECT id FROM items WHERE last_seen < @before)
        AND id NOT IN (SELECT value FROM sources, json_each(sources.item_ids))`);
    // A head goes with its content.
    const pruneHeads = this.db.prepare('DELETE FROM heads WHERE id NOT IN (SELECT id FROM contents)');
    const putCleaned = this.db.prepare(`
      INSERT OR REPLACE INTO clean_cache (key, item_id, item_digest, hits, last_used) VALUES (@key, @id, @digest, @hits, @now)`);
    // Marked at most once a day, so a run that reuses everything writes next to nothing.
    const touchCleaned = this.db.prepare('UPDATE clean_cache SET last_used = @now WHERE key = @key AND last_used < @now - 86400000');
    const pruneCleaned = this.db.prepare('DELETE FROM clean_cache WHERE last_used < @before');
    // The clean-cache keys of each item made this run, written beside the item's contents row.
    const cleanedAs = new Map<ItemMeta, Array<{ key: string; hits: string }>>();
    const { db } = this;
    db.exec('BEGIN');
    try {
      for (const [key, { item, hits }] of run.cleanCache?.fresh ?? []) {
        if (item === undefined) putCleaned.run({ key, id: null, digest: null, hits: JSON.stringify(hits), now });
        else cleanedAs.set(item, [...(cleanedAs.get(item) ?? []), { key, hits: JSON.stringify(hits) }]);
      }
      const bySource = new Map<string, T[]>();
      // Appending in place: copying the list for every item made a 20,000-item source quadratic.
      for (const item of run.current) {
        const list = bySource.get(item.sourceId);
        if (list) list.push(item);
        else bySource.set(item.sourceId, [item]);
      }
      for (const source of run.sources) {
        attempt.run({ id: source.id, now, error: source.ok ? null : (source.error ?? 'failed') });
        if (!source.ok) continue;
        success.run({ id: source.id, now });
        const items = bySource.get(source.id) ?? [];
        if (source.fetch === 'unchanged') {
          for (const item of items) touchItem.run({ id: item.id, now });
          continue;
        }
        for (const item of items) {
          upsertItem.run({ id: item.id, source: source.id, now });
          const whole = run.itemOf(item);
          const json = serializeItem(whole);
          upsertContent.run({ id: item.id, json });
          upsertHead.run({ id: item.id, head: serializeHead(run.headOf?.(item) ?? headOf(whole)) });
          const cleaned = cleanedAs.get(item);
          if (cleaned === undefined) continue;
          const digest = jsonDigest(json);
          for (const { key, hits } of cleaned) putCleaned.run({ key, id: item.id, digest, hits, now });
        }
        fresh.run({
          id: source.id,
          address: run.addresses.get(source.id) ?? null,
          etag: source.validators?.etag ?? null,
          lastModified: source.validators?.lastModified ?? null,
          contentHash: source.validators?.contentHash ?? null,
          itemIds: JSON.stringify([...new Set(items.map((item) => item.id))]),
          hits: JSON.stringify(source.hits),
        });
      }
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    let open = true;
    const close = (): boolean => {
      const wasOpen = open;
      open = false;
      return wasOpen;
    };
    return {
      finish(stories) {
        if (!close()) throw new Error('store: this run is already recorded or abandoned');
        try {
          for (const story of stories) for (const item of story.items) issueStory.run({ id: item.id, story: story.id });
          for (const key of run.cleanCache?.reused ?? []) touchCleaned.run({ key, now });
          pruneContent.run({ before: now - run.keepContentDays * 86_400_000 });
          pruneHeads.run();
          pruneCleaned.run({ before: now - run.keepContentDays * 86_400_000 });
          db.exec('COMMIT');
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      },
      abandon() {
        if (close()) db.exec('ROLLBACK');
      },
    };
  }
}
