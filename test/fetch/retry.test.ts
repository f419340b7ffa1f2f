import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryableStatus, parseRetryAfter } from '../../src/fetch/retry.js';

describe('retry policy', () => {
  it('retries 429 and 5xx, not 4xx or success', () => {
    expect([429, 500, 502, 503, 504].map(isRetryableStatus)).toEqual([true, true, true, true, true]);
    expect([200, 304, 400, 403, 404, 410].map(isRetryableStatus)).toEqual([false, false, false, false, false, false]);
  });

  it('doubles the delay per retry, with jitter between half and all of it', () => {
    expect(backoffMs(0, 1000, () => 0)).toBe(500);
    expect(backoffMs(0, 1000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, () => 0)).toBe(4000);
    expect(backoffMs(3, 1000, () => 1)).toBe(8000);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(backoffMs(0, 1000, () => 0.5, 30_000)).toBe(30_000);
    expect(backoffMs(4, 1000, () => 1, 2_000)).toBe(16_000);
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores nonsense', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
