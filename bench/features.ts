/**
 * What a build's features cost against the limit (`npm run bench:features`): first runs of the default
 * config and of configs with features taken out — RSS and JSON Feed (Atom only), then dedup too — each
 * against the limits (fast-xml-parser and cheerio alone, pipeline-bench's own measurement) taken just
 * before it, on the same generated feeds. It tells how far each configuration is from issue #7's target
 * of 2 × the limit, and so what meeting it would take out of huiliu.
 *
 *   npm run bench:features -- [--items 10000] [--rounds 3] [--out bench/features-results.md]
 *
 * Every run is a fresh process with a fresh store, as a first run is. Each round measures the limits
 * and then every configuration, in an order that turns by one each round, so that the machine's drift
 * (20–40% within minutes here) favours none of them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Config } from '../src/config.js';

/** A configuration measured: its name in the report, and what it changes in the generated config. */
export interface Variant {
  name: string;
  overrides: (config: Config) => Partial<Config>;
}

export const VARIANTS: readonly Variant[] = [
  { name: 'default (Atom, RSS and JSON Feed; dedup)', overrides: () => ({}) },
  { name: 'Atom only', overrides: () => ({ formats: ['atom'] }) },
  { name: 'Atom only, no dedup', overrides: (config) => ({ formats: ['atom'], dedup: { ...config.dedup, enabled: false } }) },
];

/** One round: the limits' seconds, then each variant's first run (seconds), in VARIANTS' order. */
export interface Round {
  limit: number;
  runs: number[];
}

const HERE = fileURLToPath(import.meta.url);
const PIPELINE_BENCH = path.join(path.dirname(HERE), 'pipeline-bench.js');

/** In a child process: one first run of variant `index` over the feeds in `dir`; prints its seconds. */
async function runVariant(dir: string, index: number): Promise<void> {
  const { loadConfig } = await import('../src/config.js');
  const { runBuild } = await import('../src/run.js');
  const { timedBuild } = await import('./first-run.js');
  const variant = VARIANTS[index]!;
  const out = `out-features-${index}`;
  rmSync(path.join(dir, out), { recursive: true, force: true });
  const { config } = await loadConfig(path.join(dir, 'huiliu.json'));
  const overrides = { ...variant.overrides(config), store: path.join(dir, out, 'store.sqlite') };
  const { seconds } = await timedBuild({ loadConfig, runBuild }, dir, overrides, out);
  rmSync(path.join(dir, out), { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(seconds)}\n`);
}

const lastLine = (stdout: string): string => stdout.trim().split('\n').at(-1)!;

function childSeconds(args: string[]): unknown {
  return JSON.parse(lastLine(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 })));
}

function measureRound(dir: string, round: number): Round {
  const limits = childSeconds([PIPELINE_BENCH, '--child', 'limits', dir]) as { seconds: { xml: number; cheerio: number } };
  const runs: number[] = new Array<number>(VARIANTS.length);
  for (let k = 0; k < VARIANTS.length; k++) {
    const index = (round + k) % VARIANTS.length;
    runs[index] = childSeconds([HERE, '--run', dir, String(index)]) as number;
  }
  return { limit: limits.seconds.xml + limits.seconds.cheerio, runs };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The report: per configuration, the fastest first run, and each run ÷ the limits of its round with their median. */
export function featuresReport(items: number, rounds: readonly Round[], machine: string): string {
  const rows = VARIANTS.map((variant, i) => {
    const ratios = rounds.map((round) => round.runs[i]! / round.limit);
    const fastest = Math.min(...rounds.map((round) => round.runs[i]!));
    return `| ${variant.name} | ${fastest.toFixed(2)} | ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')} | **${median(ratios).toFixed(2)}×** |`;
  });
  return [
    '# What the features cost against the limit',
    '',
    `${machine}. ${items.toLocaleString('en-US')} generated items, ${rounds.length} rounds; each round measured the limits ` +
      `(fastest: ${Math.min(...rounds.map((r) => r.limit)).toFixed(2)} s), then a first run of each configuration.`,
    '',
    '| configuration | fastest first run (s) | each run ÷ the limits of its round | median |',
    '|---|---:|---|---:|',
    ...rows,
    '',
    "Issue #7's target: a first run at most 2 × the limit.",
    '',
  ].join('\n');
}

function machineText(): string {
  const cpus = os.cpus();
  return `Run ${new Date().toISOString()} on ${os.type()} ${os.release()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--run') return runVariant(argv[1]!, Number(argv[2]));
  const { values } = parseArgs({
    args: argv,
    options: {
      items: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '3' },
      out: { type: 'string', default: path.join('bench', 'features-results.md') },
    },
  });
  const items = Number(values.items);
  const roundCount = Number(values.rounds);
  if (!Number.isInteger(items) || items < 1 || !Number.isInteger(roundCount) || roundCount < 1) {
    throw new Error('usage: npm run bench:features -- [--items N] [--rounds N] [--out FILE]');
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'huiliu-features-'));
  try {
    process.stderr.write(`generating ${items} items… `);
    // Imported here, not at the top: each child run loads this script, and the generator's word lists cost it about 0.3 s.
    const { generateFeeds } = await import('./feeds-generator.js');
    const { dir } = generateFeeds(path.join(work, 'feeds'), items);
    const rounds: Round[] = [];
    for (let i = 0; i < roundCount; i++) {
      process.stderr.write(`round ${i + 1}… `);
      rounds.push(measureRound(dir, i));
    }
    process.stderr.write('\n');
    const text = featuresReport(items, rounds, machineText());
    writeFileSync(values.out, text);
    process.stdout.write(text);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === HERE) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`bench:features: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
