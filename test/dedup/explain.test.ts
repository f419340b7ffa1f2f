import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../src/config.js';
import { explainAll, explainLink, formatLinkExplanation } from '../../src/dedup/explain.js';
import { collectItems } from '../../src/pipeline.js';
import type { Item } from '../../src/types.js';
import { runCli } from '../helpers/validators.js';
import { repoRoot } from './labelled-sets.js';

const VOA = 'https://www.voachinese.com/a/Kerry-visitsing-to-China-a-test-for-Biden-s-bid-to-win-cooperation-with-Beijing-20210415/5854181.html';

describe('explain on the bundled seeds', () => {
  let loaded: LoadedConfig;
  let items: Item[];
  beforeAll(async () => {
    loaded = await loadConfig(path.join(repoRoot, 'config/huiliu.json'));
    const { current, shelf } = await collectItems(loaded);
    items = current.map((head) => shelf.itemOf(head));
  });

  it('shows the VOA report merged with the undated Xinjingbao one, on shared days and places', () => {
    const result = explainLink(items, loaded.config.dedup, VOA)!;
    expect(result.item.outlet).toBe('voa');
    const xinjingbao = result.pairs.find((p) => p.other.outlet === 'xinjingbao')!;
    expect(xinjingbao.decision).toBe('merged');
    expect(xinjingbao.evidence.shared).toEqual(expect.arrayContaining(['4月14日', '上海']));
    expect(result.pairs.filter((p) => p.decision === 'merged')).toHaveLength(1);
    const text = formatLinkExplanation(result, loaded.config.dedup);
    expect(text).toContain('merged: [xinjingbao]');
    expect(text).toContain('apart: outside the time window: [dw]');
  });

  it('finds an item by its link as the feed gave it, before canonicalisation', () => {
    const rfi = items.find((it) => it.outlet === 'rfi')!;
    const raw = rfi.link!.replace('rfi.fr/cn/', 'rfi.fr//cn/');
    expect(explainLink(items, loaded.config.dedup, raw)?.item).toBe(rfi);
    expect(explainLink(items, loaded.config.dedup, 'https://example.org/none')).toBeUndefined();
  });

  it('lists the one merged story and the near misses with their gap inferred from the undated text', () => {
    const all = explainAll(items, loaded.config.dedup);
    expect(all.stories.map((s) => s.map((it) => it.outlet))).toEqual([['voa', 'xinjingbao']]);
    for (const miss of all.nearMisses) {
      expect(miss.decision).toBe('below-threshold');
      expect(miss.evidence.score).toBeLessThan(loaded.config.dedup.threshold);
    }
  });
});

describe('huiliu explain (the command)', () => {
  it('prints the merged story and the near misses of the seeds', () => {
    const run = runCli(['explain', '--config', 'config/huiliu.json']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^1 merged stories \(threshold 0\.\d+\):/);
    expect(run.stdout).toContain('[xinjingbao]');
  });

  it('explains one item given by its link', () => {
    const run = runCli(['explain', '--config', 'config/huiliu.json', VOA]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('merged: [xinjingbao]');
  });

  it('says in one line when no item has the link', () => {
    const run = runCli(['explain', '--config', 'config/huiliu.json', 'https://example.org/none']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'huiliu: no item with the link https://example.org/none in the sources of config/huiliu.json',
    ]);
  });
});
