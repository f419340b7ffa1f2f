import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runBuild } from '../../src/run.js';

const clock = () => new Date('2025-01-01T00:00:00Z');

describe('the clean cache in the store', () => {
  it('makes a second run over unchanged sources clean nothing and publish the same feeds', async () => {
    const loaded = await loadConfig('config/huiliu.json');
    const out = mkdtempSync(path.join(tmpdir(), 'huiliu-cache-'));
    const first = await runBuild({ loaded, outDir: out, clock });
    expect(first.result.cleanCache.fresh.size).toBe(first.result.current.length);

    const second = await runBuild({ loaded, outDir: out, clock });
    expect(second.result.cleanCache.fresh.size).toBe(0);
    expect(second.result.cleanCache.reused.size).toBe(first.result.current.length);
    expect(second.result.current).toEqual(first.result.current);
    expect(second.result.files).toEqual(first.result.files);
    expect(second.result.sources.map((s) => s.hits)).toEqual(first.result.sources.map((s) => s.hits));
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
