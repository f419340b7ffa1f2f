import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { CleanCacheUse, Shelved } from '../../src/adapters/cleaner.js';
import { ContentShelf, headOf } from '../../src/store/shelf.js';
import { Store, type RunRecord } from '../../src/store/sqlite.js';
import type { Item, Story } from '../../src/types.js';
import { tempDir } from '../helpers/temp-dir.js';

const item = (id: string, sourceId = 'voa', published?: string): Item => ({
  id,
  sourceId,
  outlet: 'voa',
  channel: sourceId,
  link: `https://www.voachinese.com/a/${id}.html`,
  title: `标题 ${id}`,
  ...(published ? { published: new Date(published) } : {}),
  contentHtml: `<p>正文 ${id}</p>`,
  text: `正文 ${id}`,
});

const story = (id: string, items: Item[]): Story => ({ id, items, representative: items[0]!, updated: new Date(0) });

function record(store: Store, now: string, current: Item[], overrides: Partial<RunRecord> = {}): void {
  store.record({
    sources: [{ id: 'voa', ok: true, hits: { 'feedx footer': 1 }, fetch: 'fresh', validators: { etag: '"e1"' } }],
    addresses: new Map([['voa', 'http://127.0.0.1/voa.xml']]),
    current,
    itemOf: (it) => it,
    stories: current.map((it) => story(`story-of-${it.id}`, [it])),
    now: new Date(now),
    keepContentDays: 7,
    ...overrides,
  });
}

const tempStore = (): { file: string; dir: string } => {
  const dir = tempDir('huiliu-store-');
  return { dir, file: path.join(dir, '.huiliu', 'store.sqlite') };
};

/** Makes a store file as an older huiliu left it: `sql` undoes the newer tables (or writes the old ones into a new file); then the version. */
function downgrade(file: string, version: number, sql: string): void {
  const old = new Database(file);
  old.exec(sql);
  old.pragma(`user_version = ${version}`);
  old.close();
}

describe('the SQLite store', () => {
  it('re-creates items, validators and the last good fetch exactly', () => {
    const { file } = tempStore();
    const a = item('a', 'voa', '2021-04-15T13:59:02.000Z');
    const b = item('b');
    const store = Store.open(file);
    record(store, '2026-01-01T00:00:00Z', [a, b]);
    store.close();

    const reopened = Store.open(file);
    const memory = reopened.load();
    // Items come back as heads; their articles are read from the store when asked for.
    expect(memory.items.get('a')).toEqual({
      sourceId: 'voa',
      firstSeen: new Date('2026-01-01T00:00:00Z'),
      lastSeen: new Date('2026-01-01T00:00:00Z'),
      storyId: 'story-of-a',
      item: headOf(a),
    });
    expect(memory.items.get('b')!.item).toEqual(headOf(b));
    expect(reopened.contentOf('b')).toEqual({ contentHtml: b.contentHtml, text: b.text });
    expect(reopened.contentOf('no-such-item')).toBeUndefined();
    expect(memory.sources.get('voa')).toMatchObject({
      address: 'http://127.0.0.1/voa.xml',
      validators: { etag: '"e1"' },
      itemIds: ['a', 'b'],
      hits: { 'feedx footer': 1 },
      lastSuccess: new Date('2026-01-01T00:00:00Z'),
    });
  });

  it('keeps the first-seen time and the first story id issued, whatever later runs say', () => {
    const store = Store.open(tempStore().file);
    record(store, '2026-01-01T00:00:00Z', [item('a')]);
    record(store, '2026-01-02T00:00:00Z', [item('a')], { stories: [story('a-later-story', [item('a')])] });
    const seen = store.load().items.get('a')!;
    expect(seen.firstSeen).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(seen.lastSeen).toEqual(new Date('2026-01-02T00:00:00Z'));
    expect(seen.storyId).toBe('story-of-a');
  });

  it('records a failure without touching the last good fetch', () => {
    const store = Store.open(tempStore().file);
    record(store, '2026-01-01T00:00:00Z', [item('a')]);
    record(store, '2026-01-02T00:00:00Z', [item('a')], { sources: [{ id: 'voa', ok: false, error: 'HTTP 500', hits: {} }] });
    const voa = store.load().sources.get('voa')!;
    expect(voa).toMatchObject({ itemIds: ['a'], validators: { etag: '"e1"' }, error: 'HTTP 500' });
    expect(voa.lastAttempt).toEqual(new Date('2026-01-02T00:00:00Z'));
    expect(voa.lastSuccess).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(store.load().items.get('a')!.lastSeen).toEqual(new Date('2026-01-01T00:00:00Z'));
  });

  it('drops old content but keeps the id, times and story id; never drops a last good fetch', () => {
    const { file } = tempStore();
    const store = Store.open(file);
    record(store, '2026-01-01T00:00:00Z', [item('old'), item('kept')]);
    // Six days later the upstream lists only `kept`: `old` stays for retention.
    record(store, '2026-01-07T00:00:00Z', [item('kept')]);
    expect(store.load().items.get('old')!.item).toEqual(headOf(item('old')));
    // Later, with the source failing: `old` is past retention and its content goes; `kept` was last seen
    // 13 days ago too, but it is the last good fetch a failure republishes, so its content stays.
    record(store, '2026-01-20T00:00:00Z', [], { sources: [{ id: 'voa', ok: false, error: 'HTTP 500', hits: {} }] });
    const memory = store.load();
    expect(memory.items.get('old')).toEqual({
      sourceId: 'voa',
      firstSeen: new Date('2026-01-01T00:00:00Z'),
      lastSeen: new Date('2026-01-01T00:00:00Z'),
      storyId: 'story-of-old',
    });
    expect(memory.items.get('kept')!.item).toEqual(headOf(item('kept')));
    expect(memory.items.get('kept')!.lastSeen).toEqual(new Date('2026-01-07T00:00:00Z'));
    // The head went with the content.
    expect(store.contentOf('old')).toBeUndefined();
    expect(new Database(file, { readonly: true }).prepare("SELECT id FROM heads").pluck().all()).toEqual(['kept']);
  });

  it('records a run in two steps, its items while dedup runs and then its story ids, in one transaction', () => {
    const { file } = tempStore();
    const [a, b] = [item('a'), item('b')];
    const store = Store.open(file);
    record(store, '2026-01-01T00:00:00Z', [a]);
    const before = store.load();
    const run = {
      sources: [{ id: 'voa', ok: true, hits: {}, fetch: 'fresh' as const }],
      addresses: new Map([['voa', 'http://127.0.0.1/voa.xml']]),
      current: [a, b],
      itemOf: (it: Item) => it,
      now: new Date('2026-01-02T00:00:00Z'),
      keepContentDays: 7,
    };
    // Abandoned (an aborted run, a failed dedup): the store is as it was, and takes the next run.
    const abandoned = store.beginRecord(run);
    expect(store.contentOf('b')).toEqual({ contentHtml: b.contentHtml, text: b.text });
    abandoned.abandon();
    expect(store.load()).toEqual(before);
    expect(store.contentOf('b')).toBeUndefined();
    // Finished with the stories: the same as recording it at once.
    const recording = store.beginRecord(run);
    recording.finish([story('story-of-b', [b])]);
    expect(() => recording.finish([])).toThrow(/already recorded/);
    recording.abandon();
    const after = store.load();
    expect(after.items.get('b')).toMatchObject({ storyId: 'story-of-b', lastSeen: new Date('2026-01-02T00:00:00Z') });
    expect(after.items.get('a')).toMatchObject({ storyId: 'story-of-a', lastSeen: new Date('2026-01-02T00:00:00Z') });
    // A failure while the items are written leaves nothing of the run behind.
    const itemOf = (it: Item): Item => {
      if (it.id === 'b') throw new Error('no article');
      return it;
    };
    expect(() => store.beginRecord({ ...run, now: new Date('2026-01-03T00:00:00Z'), itemOf })).toThrow('no article');
    expect(store.load()).toEqual(after);
    store.close();
  });

  it('is one file at rest, so it can be cached between CI runs', () => {
    const { file } = tempStore();
    const store = Store.open(file);
    record(store, '2026-01-01T00:00:00Z', [item('a')]);
    store.close();
    expect(readdirSync(path.dirname(file))).toEqual(['store.sqlite']);
  });

  it('reports a file that is not a store in one line, as a user error', () => {
    const { dir } = tempStore();
    const file = path.join(dir, 'not-a-store.sqlite');
    writeFileSync(file, 'this is not a database, just text long enough to have a header of sorts');
    expect(() => Store.open(file).load()).toThrow(UserError);
    expect(() => Store.open(file).load()).toThrow(/cannot open the store .*not-a-store\.sqlite: .*\(move it away to start afresh\)$/);
  });

  it('brings a version 1 store (before file sources had a content hash) up to date, keeping what it holds', () => {
    const file = path.join(tempDir('huiliu-store-'), 'v1.sqlite');
    // The version 1 sources table, as huiliu 0.1 wrote it.
    downgrade(file, 1, `CREATE TABLE sources (id TEXT PRIMARY KEY, address TEXT, etag TEXT, last_modified TEXT,
      item_ids TEXT NOT NULL DEFAULT '[]', hits TEXT NOT NULL DEFAULT '{}', last_attempt INTEGER, last_success INTEGER, error TEXT);
      INSERT INTO sources (id, etag) VALUES ('voa', '"old"');`);
    const store = Store.open(file);
    expect(store.load().sources.get('voa')?.validators).toEqual({ etag: '"old"' });
    record(store, '2025-01-01T00:00:00Z', [item('a')], {
      sources: [{ id: 'voa', ok: true, hits: {}, fetch: 'fresh', validators: { contentHash: 'h1' } }],
    });
    expect(store.load().sources.get('voa')?.validators).toEqual({ contentHash: 'h1' });
    store.close();
  });

  it('brings a version 2 store up to date: the clean cache starts empty, everything else is kept', () => {
    const { file } = tempStore();
    const store = Store.open(file);
    record(store, '2025-01-01T00:00:00Z', [item('a')]);
    store.close();
    // Version 2's clean cache held a copy of each item.
    downgrade(file, 2, `DROP TABLE clean_cache; CREATE TABLE clean_cache (key TEXT PRIMARY KEY, item_json TEXT, hits TEXT NOT NULL, last_used INTEGER NOT NULL);
      INSERT INTO clean_cache VALUES ('k', '{}', '{}', 0);`);
    const upgraded = Store.open(file);
    expect(upgraded.cleanCache().get('k')).toBeUndefined();
    expect(upgraded.load().items.get('a')?.item).toEqual(headOf(item('a')));
    expect(upgraded.contentOf('a')?.text).toBe(item('a').text);
    upgraded.close();
  });
});

describe('loading the memory', () => {
  it('reads each item\'s head, not its article; articles come when asked for', () => {
    const { file } = tempStore();
    const store = Store.open(file);
    record(store, '2026-01-01T00:00:00Z', [item('a', 'voa', '2021-04-15T13:59:02.000Z')]);
    store.close();
    // Spoil the stored article: loading does not notice, asking for the article does.
    const raw = new Database(file);
    raw.prepare("UPDATE contents SET item_json = 'not json' WHERE id = 'a'").run();
    raw.close();
    const reopened = Store.open(file);
    expect(reopened.load().items.get('a')!.item).toEqual(headOf(item('a', 'voa', '2021-04-15T13:59:02.000Z')));
    expect(reopened.contentOf('a')).toBeUndefined();
    expect(reopened.termsOf('a')).toBeUndefined();
    reopened.close();
  });

  it('reads an item\'s dedup words without its article, and none that are missing or broken', () => {
    const { file } = tempStore();
    const store = Store.open(file);
    const terms = { made: 'code:400', titleWords: '克里 抵达', titleSalient: '克里', leadWords: '美国 特使', leadSalient: '美国', days: '4-14' };
    record(store, '2026-01-01T00:00:00Z', [{ ...item('a'), terms }, item('b'), { ...item('c'), terms: { ...terms, days: 7 } as unknown as typeof terms }]);
    expect(store.termsOf('a')).toEqual(terms);
    expect(store.termsOf('b')).toBeUndefined();
    expect(store.termsOf('c')).toBeUndefined();
    expect(store.termsOf('nowhere')).toBeUndefined();
    store.close();
  });

  it('brings a version 3 store up to date: every stored item gets its head once', () => {
    const { file } = tempStore();
    const store = Store.open(file);
    record(store, '2026-01-01T00:00:00Z', [item('a'), item('b')]);
    store.close();
    downgrade(file, 3, 'DROP TABLE heads;');
    Store.open(file).close();
    const heads = new Database(file);
    expect(heads.prepare('SELECT count(*) FROM heads').pluck().get()).toBe(2);
    heads.close();
    const upgraded = Store.open(file);
    expect(upgraded.load().items.get('a')!.item).toEqual(headOf(item('a')));
    expect(upgraded.contentOf('b')?.text).toBe(item('b').text);
    upgraded.close();
  });
});

describe('what was published', () => {
  it('keeps the fingerprint, the files and each feed document\'s fingerprint', () => {
    const { file } = tempStore();
    const store = Store.open(file);
    expect(store.published()).toBeUndefined();
    store.recordPublished('f1', ['merged.atom', 'voa.atom'], new Map([['merged', 'm1'], ['voa', 'v1']]));
    expect(store.published()).toEqual({ fingerprint: 'f1', files: ['merged.atom', 'voa.atom'], documents: new Map([['merged', 'm1'], ['voa', 'v1']]) });
    store.forgetPublished();
    expect(store.published()).toBeUndefined();
    store.close();
  });

  it('brings a version 4 store up to date: what it published stands, with no document to keep', () => {
    const { file } = tempStore();
    Store.open(file).close();
    downgrade(
      file,
      4,
      `DROP TABLE published; CREATE TABLE published (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL, files TEXT NOT NULL);
      INSERT INTO published (id, fingerprint, files) VALUES (1, 'f0', '["merged.atom"]');`,
    );
    const upgraded = Store.open(file);
    expect(upgraded.published()).toEqual({ fingerprint: 'f0', files: ['merged.atom'], documents: new Map() });
    upgraded.close();
  });
});

describe('the clean cache', () => {
  /** Records a run of `current`, with clean results `made` (key → the id of the item made, or none) and `reused` keys. */
  const run = (store: Store, shelf: ContentShelf, now: string, current: Item[], made: Array<[string, string?]>, reused: string[] = []) => {
    const heads = shelf.shelve(current);
    // The keys stand for raw items' content hashes (adapters/clean-key.ts).
    const fresh = new Map(
      made.map(([key, id]): [string, Shelved] => [key, id === undefined ? { hits: { unknown: 1 } } : { item: heads.find((h) => h.id === id)!, hits: { rule: 1 } }]),
    );
    store.record({
      sources: [{ id: 'voa', ok: true, hits: {}, fetch: 'fresh' }],
      addresses: new Map([['voa', 'voa.xml']]),
      current: heads,
      itemOf: (head) => shelf.itemOf(head),
      stories: [],
      now: new Date(now),
      keepContentDays: 7,
      cleanCache: { fresh, reused: new Set(reused) } satisfies CleanCacheUse,
    });
  };

  it('gives back what a raw item was cleaned into, from the contents row, until that row is written again', () => {
    const store = Store.open(tempStore().file);
    const shelf = new ContentShelf();
    run(store, shelf, '2026-01-01T00:00:00Z', [item('a'), item('b')], [['key-a', 'a'], ['key-b', 'b'], ['key-none']]);
    expect(store.cleanCache().get('key-a')).toEqual({ item: item('a'), hits: { rule: 1 } });
    expect(store.cleanCache().get('key-none')).toEqual({ hits: { unknown: 1 } });
    expect(store.cleanCache().get('key-unknown')).toBeUndefined();

    // b's article changes upstream: the next run writes its contents row again, so b's old key misses
    // (cleaning it again) instead of giving the new article for the old raw item.
    const changed = { ...item('b'), contentHtml: '<p>改过的正文</p>', text: '改过的正文' };
    run(store, shelf, '2026-01-01T00:30:00Z', [changed], [['key-b2', 'b']]);
    expect(store.cleanCache().get('key-b')).toBeUndefined();
    expect(store.cleanCache().get('key-b2')).toEqual({ item: changed, hits: { rule: 1 } });
    expect(store.cleanCache().get('key-a')).toEqual({ item: item('a'), hits: { rule: 1 } });
    store.close();
  });

  it('keeps entries a run reused, and lets go of ones no run used within keepContentDays', () => {
    const store = Store.open(tempStore().file);
    const shelf = new ContentShelf();
    run(store, shelf, '2026-01-01T00:00:00Z', [item('a')], [['key-a', 'a'], ['key-none']]);
    run(store, shelf, '2026-01-06T00:00:00Z', [item('a')], [], ['key-a']);
    run(store, shelf, '2026-01-10T00:00:00Z', [item('a')], [], ['key-a']);
    expect(store.cleanCache().get('key-a')).toEqual({ item: item('a'), hits: { rule: 1 } });
    expect(store.cleanCache().get('key-none')).toBeUndefined();
    store.close();
  });
});
