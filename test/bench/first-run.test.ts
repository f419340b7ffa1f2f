import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFeeds } from '../../bench/feeds-generator.js';
import { timedBuild } from '../../bench/first-run.js';
import { loadConfig } from '../../src/config.js';
import { runBuild } from '../../src/run.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('timedBuild (bench:pipeline and bench:ab)', () => {
  it('times a real build of a benchmark folder and counts its items and, on Linux, its CPU', async () => {
    const { dir, items } = generateFeeds(path.join(tempDir('huiliu-first-run-'), 'feeds'), 60);
    const run = await timedBuild({ loadConfig, runBuild }, dir, { store: path.join(dir, 'out', 'store.sqlite') });
    expect(run.items).toBe(items);
    expect(run.seconds).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(run.cpu!.total).toBeGreaterThan(0);
  });

  it('throws when the build fails, saying why', async () => {
    const { dir, files } = generateFeeds(path.join(tempDir('huiliu-first-run-'), 'feeds'), 60);
    expect(files).toBeGreaterThan(0);
    rmSync(path.join(dir, 'feeds'), { recursive: true });
    await expect(timedBuild({ loadConfig, runBuild }, dir, {})).rejects.toThrow(/^the build failed: /);
  });
});
