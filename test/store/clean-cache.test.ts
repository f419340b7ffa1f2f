import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config.js';
import { runBuild, storePath, summaryLine } from '../../src/run.js';
import { Store } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/temp-dir.js';

const clock = () => new Date('2025-01-01T00:00:00Z');

/** The published feeds as they are on disk (status.json aside: it records every run). */
function published(out: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(out)
      .filter((name) => !name.startsWith('.') && name !== 'status.json')
      .map((name) => [name, readFileSync(path.join(out, name), 'utf8')]),
  );
}

/** The bundled seeds copied to a folder of their own, so a test can rewrite them. */
function seedsCopy(): { loaded: { config: ReturnType<typeof parseConfig>; file: string; dir: string }; seeds: string } {
  const dir = tempDir('huiliu-seeds-');
  const seeds = path.join(dir, 'seeds');
  cpSync('seeds', seeds, { recursive: true });
  const config = parseConfig({ title: 'seeds', sources: [{ id: 'seeds', path: 'seeds' }] }, 'test config');
  return { loaded: { config, file: path.join(dir, 'huiliu.json'), dir }, seeds };
}

describe('a second run over unchanged sources', () => {
  it('does not read unchanged files again: the source is unchanged, as on a 304, and the feeds stay', async () => {
    const { loaded } = seedsCopy();
    const out = tempDir('huiliu-cache-');
    const first = await runBuild({ loaded, outDir: out, clock });
    expect(first.result.sources[0]).toMatchObject({ fetch: 'fresh', items: 5 });
    const feeds = published(out);

    const second = await runBuild({ loaded, outDir: out, clock: () => new Date('2025-01-01T00:30:00Z') });
    expect(second.result.sources[0]).toMatchObject({ fetch: 'unchanged', items: 5, hits: first.result.sources[0]!.hits });
    expect(second.result.cleanCache.fresh.size + second.result.cleanCache.reused.size).toBe(0);
    expect(second.result.current).toEqual(first.result.current);
    expect(second.result.outputsUnchanged).toBe(true);
    expect(summaryLine(second, out)).toMatch(/0 items fetched, 1 sources unchanged; 5 items, outputs unchanged/);
    expect(published(out)).toEqual(feeds);

    // A new adapter setting makes the same bytes into other items: the files are read again.
    const pinned = { ...loaded, config: { ...loaded.config, sources: [{ ...loaded.config.sources[0]!, adapter: 'voa' as const }] } };
    const third = await runBuild({ loaded: pinned, outDir: out, clock });
    expect(third.result.sources[0]).toMatchObject({ fetch: 'fresh' });
  });

  it('cleans nothing when re-read files hold the same items (clean cache), merges and writes nothing (same fingerprint)', async () => {
    const { loaded, seeds } = seedsCopy();
    const out = tempDir('huiliu-cache-');
    const first = await runBuild({ loaded, outDir: out, clock });
    expect(first.result.cleanCache.fresh.size).toBe(first.result.current.length);
    expect(first.result.outputsUnchanged).toBe(false);
    const feeds = published(out);

    // New bytes, same items (an upstream re-serving its feed with another timestamp comment, say).
    for (const name of readdirSync(seeds)) appendFileSync(path.join(seeds, name), '\n');
    const second = await runBuild({ loaded, outDir: out, clock: () => new Date('2025-01-01T00:30:00Z') });
    expect(second.result.sources[0]).toMatchObject({ fetch: 'fresh' });
    expect(second.result.cleanCache.fresh.size).toBe(0);
    expect(second.result.cleanCache.reused.size).toBe(first.result.current.length);
    expect(second.result.current).toEqual(first.result.current);
    expect(second.result.sources.map((s) => s.hits)).toEqual(first.result.sources.map((s) => s.hits));
    expect(second.result.outputsUnchanged).toBe(true);
    expect(second.result.files).toEqual([]);
    expect(summaryLine(second, out)).toMatch(/5 items, outputs unchanged; no failures/);
    expect(published(out)).toEqual(feeds);
    expect(JSON.parse(readFileSync(path.join(out, 'status.json'), 'utf8'))).toMatchObject({ generated: '2025-01-01T00:30:00.000Z' });
  });

  it('makes the outputs again when one went missing from the folder, or the config changed', async () => {
    const loaded = await loadConfig('config/huiliu.json');
    const out = tempDir('huiliu-cache-');
    await runBuild({ loaded, outDir: out, clock });
    const feeds = published(out);
    rmSync(path.join(out, 'merged.atom'));
    const rebuilt = await runBuild({ loaded, outDir: out, clock });
    expect(rebuilt.result.outputsUnchanged).toBe(false);
    expect(published(out)).toEqual(feeds);

    const retitled = { ...loaded, config: { ...loaded.config, title: 'another title' } };
    expect((await runBuild({ loaded: retitled, outDir: out, clock })).result.outputsUnchanged).toBe(false);
  });

  it('cleans again when the clean options change', async () => {
    const loaded = await loadConfig('config/huiliu.json');
    const out = tempDir('huiliu-cache-');
    await runBuild({ loaded, outDir: out, clock });
    const unwrapping = { ...loaded, config: { ...loaded.config, images: 'unwrap' as const } };
    const second = await runBuild({ loaded: unwrapping, outDir: out, clock });
    expect(second.result.cleanCache.reused.size).toBe(0);
    expect(second.result.cleanCache.fresh.size).toBe(second.result.current.length);
  });
});

describe('a run in which one article changed', () => {
  it('renders only the feeds that hold it, records why, and leaves the folder as a build from scratch would', async () => {
    const { loaded, seeds } = seedsCopy();
    const out = tempDir('huiliu-cache-');
    const first = await runBuild({ loaded, outDir: out, clock });
    expect([...first.result.documents.keys()].sort()).toEqual(['dw', 'merged', 'nytimes', 'rfi', 'voa', 'xinjingbao']);

    // One more sentence in RFI's article.
    const rfi = readdirSync(seeds).map((name) => path.join(seeds, name)).find((file) => readFileSync(file, 'utf8').includes('rfi.fr'))!;
    writeFileSync(rfi, readFileSync(rfi, 'utf8').replace('</p>', '双方同意保持沟通。</p>'));
    const second = await runBuild({ loaded, outDir: out, clock });
    expect(second.result.outputsUnchanged).toBe(false);
    const changed = [...second.result.documents].filter(([name, fingerprint]) => first.result.documents.get(name) !== fingerprint);
    expect(changed.map(([name]) => name).sort()).toEqual(['merged', 'rfi']);
    const store = Store.open(storePath(loaded, out));
    expect(store.published()!.documents).toEqual(second.result.documents);
    store.close();
    expect(readFileSync(path.join(out, 'rfi.atom'), 'utf8')).toContain('双方同意保持沟通');

    // The kept feeds are what rendering them would have made: the folder equals a build from scratch.
    const fresh = tempDir('huiliu-cache-');
    await runBuild({ loaded, outDir: fresh, clock });
    expect(published(out)).toEqual(published(fresh));
  });
});

describe('a run killed after it published, before it recorded what it published', () => {
  it('leaves the next run to render everything, so an edit reverted upstream is published again', async () => {
    const { loaded, seeds } = seedsCopy();
    const out = tempDir('huiliu-cache-');
    await runBuild({ loaded, outDir: out, clock });
    const before = published(out);

    const rfi = readdirSync(seeds).map((name) => path.join(seeds, name)).find((file) => readFileSync(file, 'utf8').includes('rfi.fr'))!;
    const original = readFileSync(rfi, 'utf8');
    writeFileSync(rfi, original.replace('</p>', '双方同意保持沟通。</p>'));
    const killed = vi.spyOn(Store.prototype, 'recordPublished').mockImplementationOnce(() => {
      throw new Error('killed');
    });
    await expect(runBuild({ loaded, outDir: out, clock })).rejects.toThrow('killed');
    killed.mockRestore();
    expect(readFileSync(path.join(out, 'rfi.atom'), 'utf8')).toContain('双方同意保持沟通');

    // The edit is taken back: the feeds must be as before it, not as the killed run left them.
    writeFileSync(rfi, original);
    await runBuild({ loaded, outDir: out, clock });
    expect(published(out)).toEqual(before);
  });
});
