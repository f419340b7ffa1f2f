import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { adaptSource } from '../src/adapters/adapt.js';
import { parseConfig } from '../src/config.js';
import { dedupItems } from '../src/dedup/index.js';
import { parseDocument } from '../src/parse/index.js';
import type { Item } from '../src/types.js';
import { generateItems } from './generate.js';
import type { BenchSection } from './run.js';

const SIZES = [1_000, 10_000, 100_000];
/** Near-linear means the 100k run takes at most this many times the 10k run (issue #4). */
const MAX_RATIO_100K_TO_10K = 15;

const defaults = parseConfig({ sources: [{ id: 'bench', path: '.' }] }, 'bench').dedup;

interface Timing {
  ms: number;
  /** CPU time of this process: steadier than wall clock on a machine shared with other work. */
  cpuMs: number;
  stories: number;
}

function timed(items: readonly Item[]): Timing {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const stories = dedupItems(items, defaults, new Date());
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, stories: stories.length };
}

/** A real window, read through the pipeline as the tests read it; undefined when ../shared is absent. */
function realWindow(sharedDir: string, name: string): Item[] | undefined {
  const file = path.join(sharedDir, 'real-feeds', name, 'items.json');
  if (!existsSync(file)) return undefined;
  const data = JSON.parse(readFileSync(file, 'utf8')) as { items: Array<{ path: string; text: string }> };
  const raws = data.items.flatMap((it) => parseDocument({ name: it.path, text: it.text }, 'window'));
  return adaptSource(raws, { id: 'window', path: file }, { images: 'keep', script: 'keep' }).items;
}

export function dedupBench(sharedDir: string): BenchSection {
  const rows: string[] = ['| items | source | stories | wall (s) | CPU (s) | items per CPU second |', '|---:|---|---:|---:|---:|---:|'];
  const row = (label: string, source: string, items: number, result: Timing): void => {
    const seconds = (ms: number): string => (ms / 1000).toFixed(2);
    rows.push(
      `| ${label} | ${source} | ${result.stories} | ${seconds(result.ms)} | ${seconds(result.cpuMs)} | ${Math.round(items / (result.cpuMs / 1000))} |`,
    );
  };
  // Loading the segmenter's dictionary and the background IDF table is a one-off cost of the process.
  timed(generateItems(20));
  for (const name of ['window-2020-07-22', 'window-2020-12-08']) {
    const items = realWindow(sharedDir, name);
    if (items) row(String(items.length), `real ${name}`, items.length, timed(items));
    else rows.push(`| — | real ${name} | — | not found in ${sharedDir} | — | — |`);
  }
  const times = new Map<number, number>();
  for (const size of SIZES) {
    const items = generateItems(size);
    const result = timed(items);
    times.set(size, result.cpuMs);
    row(size.toLocaleString('en'), 'generated', size, result);
    process.stderr.write(`bench dedup: ${size} items in ${(result.cpuMs / 1000).toFixed(2)} s CPU\n`);
  }
  const ratio = times.get(100_000)! / times.get(10_000)!;
  const verdict = ratio <= MAX_RATIO_100K_TO_10K ? 'within' : 'OVER';
  return {
    title: 'Dedup',
    body: [
      'Whole `dedupItems` with the default settings (segmentation, IDF, candidates, scoring, clustering). Generated items come from `bench/generate.ts` (seeded; 1–4 reports per event, 5.5 items an hour like the real feeds).',
      '',
      ...rows,
      '',
      `100k / 10k CPU time ratio: ${ratio.toFixed(1)} (${verdict} the ${MAX_RATIO_100K_TO_10K}× bound for near-linear growth).`,
    ].join('\n'),
  };
}
