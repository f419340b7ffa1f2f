import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFeeds } from '../../bench/feeds-generator.js';
import { FLOOR_ROWS, measureFloor } from '../../bench/floor.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('the benchmark floor', () => {
  it("times every library's row on generated feeds, and leaves no store behind", async () => {
    const { dir } = generateFeeds(path.join(tempDir('huiliu-floor-'), 'feeds'), 300);
    const before = readdirSync(dir).sort();
    const seconds = await measureFloor(dir);
    expect(Object.keys(seconds).sort()).toEqual(Object.keys(FLOOR_ROWS).sort());
    for (const [row, value] of Object.entries(seconds)) expect(value, row).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, 'floor.sqlite'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
