import { describe, expect, it } from 'vitest';
import { featuresReport, VARIANTS } from '../../bench/features.js';
import { parseConfig } from '../../src/config.js';

describe('bench:features', () => {
  it('takes out RSS and JSON Feed, then dedup too, and keeps the rest of the config', () => {
    const config = parseConfig({ sources: [{ id: 'a', path: 'a.xml' }], dedup: { threshold: 0.5 } }, 'huiliu.json');
    const [all, atom, bare] = VARIANTS.map((variant) => ({ ...config, ...variant.overrides(config) }));
    expect(all!.formats).toEqual(['atom', 'rss', 'json']);
    expect(all!.dedup.enabled).toBe(true);
    expect(atom!.formats).toEqual(['atom']);
    expect(atom!.dedup.enabled).toBe(true);
    expect(bare!.formats).toEqual(['atom']);
    expect(bare!.dedup).toEqual({ ...config.dedup, enabled: false });
    expect(bare!.dedup.threshold).toBe(0.5);
  });

  it('reports each run against the limits of its own round, and their median', () => {
    const report = featuresReport(
      1000,
      [
        { limit: 2, runs: [6, 5, 4] },
        { limit: 4, runs: [10, 9, 7] },
        { limit: 3, runs: [9, 7, 5] },
      ],
      'Run on a test machine',
    );
    expect(report).toContain('| default (Atom, RSS and JSON Feed; dedup) | 6.00 | 3.00×, 2.50×, 3.00× | **3.00×** |');
    expect(report).toContain('| Atom only | 5.00 | 2.50×, 2.25×, 2.33× | **2.33×** |');
    expect(report).toContain('| Atom only, no dedup | 4.00 | 2.00×, 1.75×, 1.67× | **1.75×** |');
    expect(report).toContain('3 rounds; each round measured the limits (fastest: 2.00 s)');
  });
});
