import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../src/fetch/concurrency.js';

describe('mapConcurrently', () => {
  it('never has more than `limit` calls in flight, and keeps the input order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrently([50, 10, 30, 5, 20, 1], 2, async (ms) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      return ms * 2;
    });
    expect(most).toBe(2);
    expect(results).toEqual([100, 20, 60, 10, 40, 2]);
  });

  it('copes with fewer inputs than the limit, and none', async () => {
    expect(await mapConcurrently([1], 8, async (x) => x + 1)).toEqual([2]);
    expect(await mapConcurrently([], 8, async (x: number) => x)).toEqual([]);
  });
});
