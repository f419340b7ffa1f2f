import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runBuild, summaryLine } from '../../src/run.js';

const clock = () => new Date('2025-01-01T00:00:00Z');

/** The published feeds as they are on disk (status.json aside: it records every run). */
function published(out: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(out)
      .filter((name) => !name.startsWith('.') && name !== 'status.json')
      .map((name) => [name, readFileSync(path.join(out, name), 'utf8')]),
  );
}

describe('a second run over unchanged sources', () => {
  it('cleans nothing (clean cache), merges and writes nothing (same fingerprint), and leaves the same feeds', async () => {
    const loaded = await loadConfig('config/huiliu.json');
    const out = mkdtempSync(path.join(tmpdir(), 'huiliu-cache-'));
    const first = await runBuild({ loaded, outDir: out, clock });
    expect(first.result.cleanCache.fresh.size).toBe(first.result.current.length);
    expect(first.result.outputsUnchanged).toBe(false);
    const feeds = published(out);

    const second = await runBuild({ loaded, outDir: out, clock: () => new Date('2025-01-01T00:30:00Z') });
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
    const out = mkdtempSync(path.join(tmpdir(), 'huiliu-cache-'));
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
    const out = mkdtempSync(path.join(tmpdir(), 'huiliu-cache-'));
    await runBuild({ loaded, outDir: out, clock });
    const unwrapping = { ...loaded, config: { ...loaded.config, images: 'unwrap' as const } };
    const second = await runBuild({ loaded: unwrapping, outDir: out, clock });
    expect(second.result.cleanCache.reused.size).toBe(0);
    expect(second.result.cleanCache.fresh.size).toBe(second.result.current.length);
  });
});
