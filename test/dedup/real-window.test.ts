import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { dedupItems } from '../../src/dedup/index.js';
import { loadWindow, readWindowLabels, repoRoot, scorePairs, windowFile } from './labelled-sets.js';

/**
 * The real July 2020 window (401 feedx items of NYT, RFI, VOA, DW), labelled by reading
 * (test/fixtures/dedup/window-2020-07-22.labels.md). Merges across topics are errors; merges of two
 * stories of one topic are reported and tolerated; missed same-story pairs count against recall.
 */
const items = windowFile('window-2020-07-22');
const labelsFile = path.join(repoRoot, 'test/fixtures/dedup/window-2020-07-22.labels.json');
const present = existsSync(items);
if (!present && process.env.CI) throw new Error(`${items} is missing: the real-window dedup test needs ../shared`);
if (!present) console.warn(`skipping the real-window dedup test: ${items} not found (set HUILIU_SHARED)`);

/** The recall the default settings reach (docs/dedup.md); the goal is 0.80. */
const RECALL_REACHED = 0.61;

describe.runIf(present)('dedup on the labelled real window 2020-07-22, with the default settings', () => {
  const defaults = parseConfig({ sources: [{ id: 'window', path: '.' }] }, 'test').dedup;

  it('holds precision ≥ 0.95 and recall at the figure reached', () => {
    const window = loadWindow(items);
    const labels = readWindowLabels(labelsFile);
    expect(window).toHaveLength(401);
    for (const item of window) expect(labels.has(item.link!), item.link).toBe(true);
    const stories = dedupItems(window, defaults, new Date('2020-07-26T00:00:00Z'));
    const scores = scorePairs(stories, (item) => labels.get(item.link!)!);
    console.info(
      `real window 2020-07-22: precision ${scores.precision.toFixed(3)}, recall ${scores.recall.toFixed(3)} ` +
        `(${scores.correct}/${scores.truePairs} pairs; ${scores.wrong} across topics, ${scores.sameTopic} within a topic)`,
    );
    expect(scores.truePairs).toBe(172);
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(RECALL_REACHED);
  });
});
