import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { UserError } from '../../src/errors.js';

/** The `dedup` block of the config file: defaults tuned on the labelled sets (docs/dedup.md), checked input. */
const sources = [{ id: 'x', path: '.' }];

describe('dedup settings in the config', () => {
  it('fills every setting with its documented default', () => {
    expect(parseConfig({ sources }, 'huiliu.json').dedup).toEqual({
      enabled: true,
      threshold: 0.42,
      windowHours: 72,
      representative: 'earliest',
      titleWeight: 4,
      leadCharacters: 400,
      weights: { words: 0.6, salient: 0.4, headline: 0.4 },
      sameOutletFactor: 0.7,
      gapHours: 24,
      gapFactor: 0.7,
    });
  });

  it('keeps the defaults of the settings a config leaves out', () => {
    const dedup = parseConfig({ sources, dedup: { threshold: 0.3, weights: { salient: 0.5 } } }, 'huiliu.json').dedup;
    expect(dedup.threshold).toBe(0.3);
    expect(dedup.weights).toEqual({ words: 0.6, salient: 0.5, headline: 0.4 });
  });

  it('names the field of a wrong value in one line', () => {
    const attempt = () => parseConfig({ sources, dedup: { sameOutletFactor: 1.5 } }, 'huiliu.json');
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/^huiliu\.json: dedup\.sameOutletFactor: .+$/);
    expect(() => parseConfig({ sources, dedup: { weight: {} } }, 'huiliu.json')).toThrow(/dedup/);
  });
});
