import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RuleHits } from '../clean/rules.js';
import { UserError } from '../errors.js';
import type { Validators } from '../fetch/http.js';
import type { Adapted } from '../adapters/adapt-each.js';
import type { CleanCache, CleanCacheUse } from '../adapters/cleaner.js';
import type { Item, ItemHead, ItemMeta } from '../types.js';
import { parseItem, serializeItem } from './item-json.js';
import type { Memory, SeenItem, SourceMemory } from './memory.js';

/** Bumped when the tables change; an unknown newer version is refused rather than misread. */
const SCHEMA_VERSION = 2;

/** Changes from each version to the next, run in order on an older store (version 0 is a new file). */
const MIGRATIONS: Record<number, string> = {
  // Version 2: file sources are read again only when their bytes change (fetch/read-source.ts).
  1: 'ALTER TABLE sources ADD COLUMN content_hash TEXT;',
};

/*
 * Items and their content live in two tables: `items` (about 200 bytes a row) is kept for ever, so ids,
 * first-seen times and story ids never change; `contents` holds the article only while it may still be
 * published, and its rows are deleted, not emptied — an emptied row would leave a near-empty page behind
 * (bench/store.bench.ts: a simulated year, 31 MB of live content, made a 110 MB file; 41 MB once split).
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
  files       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS clean_cache (
  key       TEXT PRIMARY KEY,
  item_json TEXT,
  hits      TEXT NOT NULL,
  last_used INTEGER NOT NULL
);`;

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
  stories: ReadonlyArray<{ id: string; items: ReadonlyArray<Pick<ItemMeta, 'id'>> }>;
  now: Date;
  /** Content older than this (and in no last good fetch) is dropped; the id, times and story id stay. */
  keepContentDays: number;
}

interface ItemRow {
  id: string;
  source_id: string;
  story_id: string | null;
  first_seen: number;
  last_seen: number;
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

/**
 * The store: one SQLite file (better-sqlite3, embedded, no server). The rollback journal (not WAL) keeps
 * it one file at rest, so it can be copied or cached between CI runs; every run is one transaction.
 */
export class Store {
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
        if (version > 0) for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
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

  load(): Memory {
    const items = new Map<string, SeenItem>();
    // Row by row: `.all()` would hold every item's JSON at once (over a GB of strings at 100,000 items).
    const rows = this.db.prepare('SELECT items.*, contents.item_json FROM items LEFT JOIN contents USING (id)').iterate() as Iterable<ItemRow>;
    for (const row of rows) {
      const item = row.item_json === null ? undefined : parseItem(row.item_json);
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
   * over unchanged feeds cleans nothing. (A newer table than the schema version: older huiliu ignores it.)
   */
  cleanCache(): CleanCache {
    const select = this.db.prepare('SELECT item_json, hits FROM clean_cache WHERE key = ?');
    return {
      get(key: string): Adapted | undefined {
        const row = select.get(key) as { item_json: string | null; hits: string } | undefined;
        if (row === undefined) return undefined;
        const hits = JSON.parse(row.hits) as RuleHits;
        if (row.item_json === null) return { hits };
        const item = parseItem(row.item_json);
        return item === undefined ? undefined : { item, hits };
      },
    };
  }

  /**
   * Keeps what a build cleaned and marks what it reused (at most once a day, so an unchanged run writes
   * next to nothing); entries no build used for `keepDays` go. Its own
   * transaction: the cache is never the only copy of anything, so losing a write costs time, not data.
   */
  recordCleanCache(use: CleanCacheUse, itemOf: (head: ItemHead) => Item, now: Date, keepDays: number): void {
    const at = now.getTime();
    const put = this.db.prepare('INSERT OR REPLACE INTO clean_cache (key, item_json, hits, last_used) VALUES (?, ?, ?, ?)');
    const touch = this.db.prepare('UPDATE clean_cache SET last_used = ? WHERE key = ? AND last_used < ?');
    const prune = this.db.prepare('DELETE FROM clean_cache WHERE last_used < ?');
    this.db.transaction(() => {
      for (const [key, { item, hits }] of use.fresh) put.run(key, item === undefined ? null : serializeItem(itemOf(item)), JSON.stringify(hits), at);
      for (const key of use.reused) touch.run(at, key, at - 86_400_000);
      prune.run(at - keepDays * 86_400_000);
    })();
  }

  /** The fingerprint and file names of the last published outputs (output/fingerprint.ts). */
  published(): { fingerprint: string; files: string[] } | undefined {
    const row = this.db.prepare('SELECT fingerprint, files FROM published WHERE id = 1').get() as { fingerprint: string; files: string } | undefined;
    return row === undefined ? undefined : { fingerprint: row.fingerprint, files: JSON.parse(row.files) as string[] };
  }

  recordPublished(fingerprint: string, files: readonly string[]): void {
    this.db.prepare('INSERT OR REPLACE INTO published (id, fingerprint, files) VALUES (1, ?, ?)').run(fingerprint, JSON.stringify(files));
  }

  /** Records one run in one transaction: a crash leaves the store as it was before the run or after it. */
  record<T extends ItemMeta>(run: RunRecord<T>): void {
    const now = run.now.getTime();
    const upsertItem = this.db.prepare(`
      INSERT INTO items (id, source_id, first_seen, last_seen) VALUES (@id, @source, @now, @now)
      ON CONFLICT (id) DO UPDATE SET source_id = @source, last_seen = @now`);
    // Unchanged content is not rewritten: most of a feed is the same from one run to the next.
    const upsertContent = this.db.prepare(`
      INSERT INTO contents (id, item_json) VALUES (@id, @json)
      ON CONFLICT (id) DO UPDATE SET item_json = excluded.item_json WHERE item_json IS NOT excluded.item_json`);
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

    this.db.transaction(() => {
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
          upsertContent.run({ id: item.id, json: serializeItem(run.itemOf(item)) });
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
      for (const story of run.stories) for (const item of story.items) issueStory.run({ id: item.id, story: story.id });
      pruneContent.run({ before: now - run.keepContentDays * 86_400_000 });
    })();
  }
}
