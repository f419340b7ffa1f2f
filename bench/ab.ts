/**
 * Alternated first runs of two versions of huiliu on the same generated feeds: the way every speed change
 * is judged here, since this machine's speed drifts by 20–40% within minutes and two runs minutes apart
 * compare moments, not code.
 *
 *   npm run bench:ab -- --base <git ref> [--pairs 6] [--items 10000]
 *
 * compiles `<git ref>` (a commit, branch or tag of this repository) into a temporary folder, generates
 * `--items` feedx-like items once, then runs a first build (`runBuild`, a fresh store, in a fresh
 * process) of each version in turn, `--pairs` times, the base first in odd pairs and last in even ones so
 * that a drift in one direction favours neither. It prints each pair's seconds and CPU by thread, the
 * means, and how many pairs the working tree won. The base must have `runBuild` and `loadConfig` as the
 * working tree calls them (every commit since the pipeline bench was written).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { timedBuild } from './first-run.js';
import type { ThreadCpu } from './threads.js';

/** One first run: its seconds and, where /proc tells it, its CPU by thread. */
interface Run {
  seconds: number;
  cpu?: ThreadCpu;
}

const HERE = fileURLToPath(import.meta.url);
/** The compiled working tree this script belongs to (dist-bench). */
const CURRENT_DIST = path.resolve(path.dirname(HERE), '..');
const REPO = path.resolve(CURRENT_DIST, '..');

/** In a child process: one first run of the huiliu compiled at `dist` over the feeds in `dir`; prints a Run as JSON. */
async function runOnce(dist: string, dir: string): Promise<void> {
  const { loadConfig } = (await import(pathToFileURL(path.join(dist, 'src/config.js')).href)) as typeof import('../src/config.js');
  const { runBuild } = (await import(pathToFileURL(path.join(dist, 'src/run.js')).href)) as typeof import('../src/run.js');
  const out = path.join(dir, 'out');
  rmSync(out, { recursive: true, force: true });
  const { seconds, cpu } = await timedBuild({ loadConfig, runBuild }, dir, { store: path.join(out, 'store.sqlite') });
  const run: Run = { seconds, ...(cpu ? { cpu } : {}) };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

/** Compiles `ref` into `into` (its own worktree, removed after), with this repository's node_modules. */
function compileRef(ref: string, into: string): void {
  const tree = path.join(into, 'tree');
  execFileSync('git', ['-C', REPO, 'worktree', 'add', '--detach', '--quiet', tree, ref], { stdio: 'inherit' });
  const treeModules = path.join(tree, 'node_modules');
  try {
    symlinkSync(path.join(REPO, 'node_modules'), treeModules, 'dir');
    const dist = path.join(into, 'dist');
    execFileSync(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', path.join(tree, 'tsconfig.bench.json'), '--outDir', dist], { stdio: 'inherit' });
    // As `npm run bench:build` does: the compiled code reads its version from package.json beside it.
    copyFileSync(path.join(tree, 'package.json'), path.join(dist, 'package.json'));
    symlinkSync(path.join(REPO, 'node_modules'), path.join(dist, 'node_modules'), 'dir');
  } finally {
    // The link first, so that removing the worktree cannot reach into this repository's node_modules.
    rmSync(treeModules, { force: true });
    execFileSync('git', ['-C', REPO, 'worktree', 'remove', '--force', tree], { stdio: 'inherit' });
  }
}

function runChild(dist: string, dir: string): Run {
  const output = execFileSync(process.execPath, [HERE, '--run', dist, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').at(-1)!) as Run;
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
const cpuText = (run: Run): string =>
  run.cpu ? `${run.cpu.total.toFixed(1)} s (${run.cpu.main.toFixed(1)} + ${run.cpu.workers.toFixed(1)} + ${run.cpu.node.toFixed(1)})` : '';

/** The report: each pair, then the means and how often the working tree was the quicker. */
function abReport(base: string, items: number, pairs: ReadonlyArray<{ base: Run; current: Run }>): string {
  const rows = pairs.map(
    (pair, i) =>
      `| ${i + 1} | ${pair.base.seconds.toFixed(2)} | ${pair.current.seconds.toFixed(2)} | ${cpuText(pair.base)} | ${cpuText(pair.current)} |`,
  );
  const baseMean = mean(pairs.map((p) => p.base.seconds));
  const currentMean = mean(pairs.map((p) => p.current.seconds));
  const quicker = pairs.filter((p) => p.current.seconds < p.base.seconds).length;
  const change = ((currentMean - baseMean) / baseMean) * 100;
  return [
    `First runs of ${items.toLocaleString('en-US')} generated items, alternated: ${base} (base) against the working tree.`,
    '',
    '| pair | base (s) | working tree (s) | base CPU (main + workers + Node\'s own) | working tree CPU |',
    '|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Mean: ${baseMean.toFixed(2)} s → ${currentMean.toFixed(2)} s (${change >= 0 ? '+' : ''}${change.toFixed(1)}%); ` +
      `the working tree was quicker in ${quicker} of ${pairs.length} pairs.`,
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--run') return runOnce(argv[1]!, argv[2]!);
  const { values } = parseArgs({
    args: argv,
    options: { base: { type: 'string' }, pairs: { type: 'string', default: '5' }, items: { type: 'string', default: '10000' } },
  });
  const pairs = Number(values.pairs);
  const items = Number(values.items);
  if (values.base === undefined || !Number.isInteger(pairs) || pairs < 1 || !Number.isInteger(items) || items < 1) {
    throw new Error('usage: npm run bench:ab -- --base <git ref> [--pairs N] [--items N]');
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'huiliu-ab-'));
  try {
    process.stderr.write(`compiling ${values.base}… `);
    compileRef(values.base, work);
    process.stderr.write(`generating ${items} items… `);
    const dir = path.join(work, 'feeds');
    // Imported here, not at the top: each child run loads this script, and the generator's word lists cost it about 0.3 s.
    const { generateFeeds } = await import('./feeds-generator.js');
    generateFeeds(dir, items);
    const runs: Array<{ base: Run; current: Run }> = [];
    for (let i = 0; i < pairs; i++) {
      process.stderr.write(`pair ${i + 1}… `);
      const baseFirst = i % 2 === 0;
      const first = runChild(baseFirst ? path.join(work, 'dist') : CURRENT_DIST, dir);
      const second = runChild(baseFirst ? CURRENT_DIST : path.join(work, 'dist'), dir);
      runs.push(baseFirst ? { base: first, current: second } : { base: second, current: first });
    }
    process.stderr.write('\n');
    process.stdout.write(`${abReport(values.base, items, runs)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === HERE) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`bench:ab: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
