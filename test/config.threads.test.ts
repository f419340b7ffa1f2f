import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

describe('the threads setting', () => {
  const sources = [{ id: 'seeds', path: 'seeds' }];

  it('is absent by default (one thread per core) and takes a positive whole number', () => {
    expect(parseConfig({ sources }, 'c.json').threads).toBeUndefined();
    expect(parseConfig({ sources, threads: 1 }, 'c.json').threads).toBe(1);
  });

  it('names the field when it is not a positive whole number', () => {
    expect(() => parseConfig({ sources, threads: 0 }, 'c.json')).toThrow(/^c\.json: threads: /);
    expect(() => parseConfig({ sources, threads: 1.5 }, 'c.json')).toThrow(/^c\.json: threads: /);
  });
});
