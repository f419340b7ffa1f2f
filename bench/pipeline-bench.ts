/**
 * The pipeline benchmark (`npm run bench:pipeline`): for each size, generated feedx-like feeds go through
 * the real build path (`runBuild`: files → parse → adapt + clean → dedup → emit → store → publish), twice
 * (a first run, a run with nothing changed upstream, then one with one item edited in 1% of the feed
 * files), and through each stage alone; in the same run
 * the limits are measured on the same data: fast-xml-parser alone, and cheerio load + serialize alone.
 *
 * Each measurement runs in its own child process, so peak RSS is that measurement's own and one size's
 * garbage never slows the next. Writes the tables to bench/pipeline-results.md.
 *
 *   npm run bench:pipeline                        # 1k and 10k items
 *   npm run bench:pipeline -- --sizes 1000,10000,100000 --heap-mb 1024
 *   npm run bench:pipeline -- --sizes 10000 --repeat 3  # fastest of three: steadier on a shared machine
 *
 * `--repeat N` measures the limits, the stages and each first run N times and reports the fastest run.
 * `--heap-mb` caps each child's V8 heap: a measurement that needs more fails (and the table says so)
 * instead of swapping a shared machine to a halt.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import { XMLParser } from 'fast-xml-parser';
import { adaptSource, type AdaptResult } from '../src/adapters/adapt.js';
import { CleanPool } from '../src/adapters/pool.js';
import { loadConfig, type Config, type SourceConfig } from '../src/config.js';
import { dedupItems } from '../src/dedup/index.js';
import { outputFiles } from '../src/emit/feeds.js';
import { parseDocument } from '../src/parse/index.js';
import { runBuild } from '../src/run.js';
import { encodeTerms } from '../src/dedup/terms.js';
import { ContentShelf } from '../src/store/shelf.js';
import type { ItemHead, RawItem } from '../src/types.js';
import { generateFeeds } from './feeds-generator.js';
import { FLOOR_ROWS, measureFloor as floorSeconds } from './floor.js';
import { timedBuild } from './first-run.js';
import type { ThreadCpu } from './threads.js';

/** One measurement as a child process reports it. */
interface Measured {
  seconds: Record<string, number>;
  /** Peak resident set size of the child process, in MB. */
  peakRssMb: number;
  /** A build's CPU time by thread, where the system tells it (Linux). */
  cpu?: ThreadCpu;
}

const MB = 1024 * 1024;
const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;
const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

function timed<T>(into: Record<string, number>, stage: string, run: () => T): T {
  const start = process.hrtime.bigint();
  const result = run();
  into[stage] = (into[stage] ?? 0) + seconds(start);
  return result;
}

/** Tells the parent which stages finished, so a measurement that runs out of memory says where. */
const finished = (stage: string, into: Record<string, number>): void => {
  process.stderr.write(`finished ${stage} in ${into[stage]!.toFixed(1)} s\n`);
};

function feedFiles(dir: string): string[] {
  const feeds = path.join(dir, 'feeds');
  return readdirSync(feeds)
    .sort()
    .map((name) => path.join(feeds, name));
}

/**
 * The limits: what any reader of these feeds must spend just to parse the XML and the HTML bodies.
 * One file at a time, so at 100k items the limit is measured without holding every document.
 */
function measureLimits(dir: string): Measured {
  const out: Record<string, number> = { xml: 0, cheerio: 0 };
  const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, processEntities: true });
  let bytes = 0;
  for (const file of feedFiles(dir)) {
    const xml = readFileSync(file, 'utf8');
    const doc = timed(out, 'xml', () => parser.parse(xml) as { rss: { channel: { item: Array<{ description: string }> } } });
    timed(out, 'cheerio', () => {
      for (const item of doc.rss.channel.item) bytes += load(item.description, { xml: false }, false).html().length;
    });
  }
  if (bytes === 0) throw new Error('cheerio serialized nothing');
  return { seconds: out, peakRssMb: peakRssMb() };
}

/** Each stage alone, on the same data, in one thread: where the time of a build goes. */
async function measureStages(dir: string): Promise<Measured> {
  const out: Record<string, number> = {};
  const loaded = await loadConfig(path.join(dir, 'huiliu.json'));
  const { sources } = loaded.config;
  // One source at a time, as a build holds them: at 100k items every parsed document at once would not fit.
  const raws = (source: SourceConfig): RawItem[] => {
    const text = readFileSync(path.resolve(loaded.dir, source.path!), 'utf8');
    return timed(out, 'parse', () => parseDocument({ name: source.id, text }, source.id));
  };
  // Articles go on a shelf as a build's do (store/shelf.ts), outside the timed stages.
  const shelf = new ContentShelf();
  const items: ItemHead[] = [];
  for (const source of sources) {
    const parsed = raws(source);
    const result: AdaptResult = timed(out, 'clean', () => adaptSource(parsed, source, loaded.config));
    items.push(...shelf.shelve(result.items));
  }
  finished('parse', out);
  finished('clean', out);
  // The worker pool (a build starts it from POOL_MIN_ITEMS), one source's slices at a time; its results
  // are dropped (the items above go on to dedup), so the row measures cleaning, not holding 2 × 100k items.
  const pool = CleanPool.start();
  if (pool !== undefined) {
    out['pool'] = 0;
    for (const source of sources) {
      const parsed = parseDocument({ name: source.id, text: readFileSync(path.resolve(loaded.dir, source.path!), 'utf8') }, source.id);
      const start = process.hrtime.bigint();
      await pool.adaptEach(parsed, source, loaded.config);
      out['pool'] += seconds(start);
    }
    await pool.close();
    finished('pool', out);
  }
  const now = new Date(Date.UTC(2021, 0, 1));
  const firstSeen = items.map((item) => ({ ...item, firstSeen: now }));
  // These items were cleaned without dedup's words: the row includes segmenting every one.
  const { leadCharacters } = loaded.config.dedup;
  const segmented = (head: ItemHead) => encodeTerms({ title: head.title, text: shelf.contentOf(head).text }, leadCharacters);
  const stories = timed(out, 'dedup', () => dedupItems(firstSeen, loaded.config.dedup, now, new Map(), segmented));
  finished('dedup', out);
  // Rendered one file at a time and dropped, as publish consumes them: 100k items' files never all at once.
  const bytes = timed(out, 'emit', () => {
    let total = 0;
    const options = { ...loaded.config, now, maxStories: loaded.config.retention.maxStories };
    for (const file of outputFiles(stories, firstSeen, options, (item) => shelf.contentOf(item))) total += file.content.length;
    return total;
  });
  if (bytes === 0) throw new Error('emit wrote nothing');
  shelf.close();
  out['stories'] = stories.length;
  return { seconds: out, peakRssMb: peakRssMb() };
}

/** The real build path, as `huiliu build` runs it, with the store beside the feeds. */
async function measureBuild(dir: string): Promise<Measured> {
  return build(dir, {});
}

/** The same with `threads: 1` (no worker pool), its own store and output folder: a first run. */
async function measureBuildOneThread(dir: string): Promise<Measured> {
  return build(dir, { threads: 1, store: 'store-one-thread.sqlite' }, 'out-one-thread');
}

async function build(dir: string, overrides: Partial<Config>, out = 'out'): Promise<Measured> {
  const run = await timedBuild({ loadConfig, runBuild }, dir, overrides, out);
  return { seconds: { build: run.seconds, items: run.items }, peakRssMb: peakRssMb(), ...(run.cpu ? { cpu: run.cpu } : {}) };
}

/** The floor (floor.ts): the libraries' own calls for every item, one thread. */
async function measureFloor(dir: string): Promise<Measured> {
  return { seconds: await floorSeconds(dir), peakRssMb: peakRssMb() };
}

const CHILDREN = { limits: measureLimits, floor: measureFloor, stages: measureStages, build: measureBuild, buildOneThread: measureBuildOneThread } as const;
type ChildKind = keyof typeof CHILDREN;

/** A measurement that did not finish: why and when, and the stages it finished before that. */
type Outcome = Measured | { failed: string; finished: Record<string, number> };

function runChild(kind: ChildKind, dir: string, heapMb: number | undefined): Outcome {
  const heap = heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`];
  const start = process.hrtime.bigint();
  try {
    const stdout = execFileSync(process.execPath, [...heap, fileURLToPath(import.meta.url), '--child', kind, dir], {
      encoding: 'utf8',
      maxBuffer: 16 * MB,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error);
    const reason = /heap out of memory|Reached heap limit/.test(stderr) ? `out of memory (heap capped at ${heapMb} MB)` : stderr.trim().split('\n').at(-1)!;
    const finished = Object.fromEntries(
      [...stderr.matchAll(/^finished (\w+) in ([\d.]+) s$/gm)].map((m) => [m[1]!, Number(m[2])]),
    );
    return { failed: `${reason} after ${seconds(start).toFixed(0)} s`, finished };
  }
}

/** The faster of two measurements, row by row (each stage's least time), with the larger peak RSS. */
function faster(a: Measured | undefined, b: Measured): Measured {
  if (a === undefined) return b;
  return {
    seconds: Object.fromEntries(Object.entries(b.seconds).map(([key, s]) => [key, Math.min(s, a.seconds[key] ?? s)])),
    peakRssMb: Math.max(a.peakRssMb, b.peakRssMb),
  };
}

/**
 * The fastest of `repeat` runs of one measurement: each stage's least time and the largest peak RSS
 * (so memory is never understated). On a shared VM whose speed drifts by 20–40% within minutes, the
 * fastest run of each row is the steadiest figure. `before` resets what a run leaves (a first run needs
 * an empty store). A failed run is the outcome.
 */
function fastestOf(repeat: number, run: () => Outcome, before: () => void = () => undefined): Outcome {
  let fastest: Measured | undefined;
  for (let i = 0; i < repeat; i++) {
    before();
    const outcome = run();
    if ('failed' in outcome) return outcome;
    fastest = faster(fastest, outcome);
  }
  return fastest!;
}

/**
 * The limits, the floor and the first run, alternated `repeat` times, each row the fastest of its runs,
 * and the ratio of each first run and each floor to the limits measured just before it. Measured one row
 * after the other, a build and its limits could fall on a slow and a quick moment of the machine, which
 * moved the ratio by a tenth or more; alternated, both sides of each ratio see the same moment.
 */
function limitsAndFirstRuns(
  repeat: number,
  dir: string,
  heapMb: number | undefined,
): { limits: Outcome; floor: Outcome; first: Outcome; ratios: number[]; floorRatios: number[]; firstCpu: ThreadCpu[] } {
  let limits: Outcome | undefined;
  let floor: Outcome | undefined;
  let first: Outcome | undefined;
  const ratios: number[] = [];
  const floorRatios: number[] = [];
  const firstCpu: ThreadCpu[] = [];
  // A failed run is the row's outcome from then on; otherwise each row keeps its fastest run so far.
  const fastest = (best: Outcome | undefined, run: Outcome): Outcome =>
    'failed' in run ? run : best !== undefined && 'failed' in best ? best : faster(best, run);
  for (let i = 0; i < repeat; i++) {
    const limit = runChild('limits', dir, heapMb);
    limits = fastest(limits, limit);
    const floorRun = runChild('floor', dir, heapMb);
    floor = fastest(floor, floorRun);
    startAfresh(dir, 'store.sqlite', 'out')();
    const build = runChild('build', dir, heapMb);
    first = fastest(first, build);
    if ('failed' in limit || 'failed' in build) break;
    const limitSeconds = limit.seconds['xml']! + limit.seconds['cheerio']!;
    ratios.push(build.seconds['build']! / limitSeconds);
    if (!('failed' in floorRun)) floorRatios.push(floorSum(floorRun, limit.seconds['xml']!) / limitSeconds);
    if (build.cpu) firstCpu.push(build.cpu);
  }
  return { limits: limits!, floor: floor!, first: first!, ratios, floorRatios, firstCpu };
}

/** The floor's whole: its rows and fast-xml-parser alone (the limit's row, for the same parse). */
const floorSum = (floor: Measured, xml: number): number => Object.keys(FLOOR_ROWS).reduce((sum, row) => sum + floor.seconds[row]!, xml);

/** A first run starts from nothing: no store, no output folder. */
const startAfresh = (dir: string, store: string, out: string) => (): void => {
  rmSync(path.join(dir, store), { force: true });
  rmSync(path.join(dir, out), { recursive: true, force: true });
};

interface SizeResult {
  items: number;
  files: number;
  xmlMb: number;
  limits: Outcome;
  /** The libraries' own calls for every item (floor.ts). */
  floor: Outcome;
  stages: Outcome;
  first: Outcome;
  /** Each first run ÷ the limits measured just before it. */
  ratios: number[];
  /** Each floor ÷ the limits measured just before it. */
  floorRatios: number[];
  /** Each first run's CPU by thread (none where the system does not tell it). */
  firstCpu: ThreadCpu[];
  second: Outcome;
  /** A run after one item was edited in CHANGED_SHARE of the feed files (same store). */
  changed: Outcome;
  oneThread: Outcome;
}

/** The share of feed files edited before the steady-state run: the run every 30 minutes in which a few sources changed. */
const CHANGED_SHARE = 0.01;

/** Edits one item's body (its first full stop) in every 1/share-th feed file; returns how many files. */
function editFeeds(dir: string, share: number): number {
  const every = Math.round(1 / share);
  let edited = 0;
  feedFiles(dir).forEach((file, i) => {
    if (i % every !== 0) return;
    const xml = readFileSync(file, 'utf8');
    const at = xml.indexOf('。');
    if (at < 0) return;
    writeFileSync(file, `${xml.slice(0, at)}！${xml.slice(at + 1)}`);
    edited++;
  });
  return edited;
}

function measureSize(items: number, workdir: string, heapMb: number | undefined, repeat: number): SizeResult {
  const dir = path.join(workdir, `items-${items}`);
  process.stderr.write(`${items} items: generating… `);
  const generated = generateFeeds(dir, items);
  process.stderr.write('stages… ');
  const stages = fastestOf(repeat, () => runChild('stages', dir, heapMb));
  process.stderr.write('limits, floor and build (first run), alternated… ');
  // The last first run leaves its store and outputs for the runs after it.
  const { limits, floor, first, ratios, floorRatios, firstCpu } = limitsAndFirstRuns(repeat, dir, heapMb);
  process.stderr.write('build (nothing changed)…\n');
  // After a failed first run there is nothing for a second run to reuse: it would only fail again.
  const second: Outcome = 'failed' in first ? { failed: 'not run: the first run did not finish', finished: {} } : runChild('build', dir, heapMb);
  process.stderr.write(`build (${CHANGED_SHARE * 100}% of feed files changed)…\n`);
  const changed: Outcome =
    'failed' in first ? { failed: 'not run: the first run did not finish', finished: {} } : (editFeeds(dir, CHANGED_SHARE), runChild('build', dir, heapMb));
  process.stderr.write('build (first run, one thread)…\n');
  const oneThread = fastestOf(repeat, () => runChild('buildOneThread', dir, heapMb), startAfresh(dir, 'store-one-thread.sqlite', 'out-one-thread'));
  rmSync(dir, { recursive: true, force: true });
  return { items: generated.items, files: generated.files, xmlMb: generated.xmlBytes / MB, limits, floor, stages, first, ratios, floorRatios, firstCpu, second, changed, oneThread };
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const secondsOf = (outcome: Outcome, key: string): number | undefined =>
  'failed' in outcome ? outcome.finished[key] : outcome.seconds[key];
const rssOf = (outcome: Outcome): string => ('failed' in outcome ? '' : fmt(outcome.peakRssMb, 0));

/** Ratios as `2.81×, 3.02×, … (median 2.95×)`. */
function ratiosText(ratios: readonly number[]): string {
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return `${ratios.map((ratio) => `${fmt(ratio, 2)}×`).join(', ')} (median ${fmt(median, 2)}×)`;
}

function table(r: SizeResult): string {
  const xml = secondsOf(r.limits, 'xml');
  const cheerio = secondsOf(r.limits, 'cheerio');
  const limit = xml === undefined || cheerio === undefined ? undefined : xml + cheerio;
  const floor = xml === undefined || 'failed' in r.floor ? undefined : floorSum(r.floor, xml);
  const rows: Array<[string, Outcome, number | undefined, string]> = [
    ['parse (fast-xml-parser via parseDocument)', r.stages, secondsOf(r.stages, 'parse'), rssOf(r.stages) && `${rssOf(r.stages)} (stages)`],
    ['adapt + clean (one thread)', r.stages, secondsOf(r.stages, 'clean'), ''],
    [`adapt + clean (worker pool, ${os.availableParallelism()} threads)`, r.stages, secondsOf(r.stages, 'pool'), ''],
    ['dedup', r.stages, secondsOf(r.stages, 'dedup'), ''],
    ['emit (all feeds, all formats)', r.stages, secondsOf(r.stages, 'emit'), ''],
    ['**end to end, first run** (`runBuild`)', r.first, secondsOf(r.first, 'build'), rssOf(r.first)],
    ['**end to end, nothing changed**', r.second, secondsOf(r.second, 'build'), rssOf(r.second)],
    [`end to end, ${CHANGED_SHARE * 100}% of feed files changed`, r.changed, secondsOf(r.changed, 'build'), rssOf(r.changed)],
    ['end to end, first run, `threads: 1` (no pool)', r.oneThread, secondsOf(r.oneThread, 'build'), rssOf(r.oneThread)],
    ['limit: fast-xml-parser alone', r.limits, xml, rssOf(r.limits) && `${rssOf(r.limits)} (limits)`],
    ['limit: cheerio load + serialize alone', r.limits, cheerio, ''],
    ['limit: sum', r.limits, limit, ''],
    ...Object.entries(FLOOR_ROWS).map(
      ([key, name], i): [string, Outcome, number | undefined, string] => [`floor: ${name}`, r.floor, secondsOf(r.floor, key), i === 0 ? rssOf(r.floor) && `${rssOf(r.floor)} (floor)` : ''],
    ),
    ['floor: sum, with fast-xml-parser alone (one thread)', r.floor, floor, ''],
  ];
  const row = ([stage, outcome, s, rss]: [string, Outcome, number | undefined, string]): string =>
    s === undefined
      ? `| ${stage} | did not finish: ${'failed' in outcome ? outcome.failed : 'not measured'} | | | |`
      : `| ${stage} | ${fmt(s, 2)} | ${fmt(r.items / s, 0)} | ${fmt(r.xmlMb / s, 2)} | ${rss} |`;
  const first = secondsOf(r.first, 'build');
  const second = secondsOf(r.second, 'build');
  const stories = secondsOf(r.stages, 'stories');
  const lines = [
    `### ${r.items.toLocaleString('en-US')} items (${r.files} feed files, ${fmt(r.xmlMb)} MB of XML${stories === undefined ? '' : `, ${stories} stories`})`,
    '',
    '| stage | seconds | items/s | MB/s | peak RSS (MB) |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(row),
    '',
  ];
  if (first !== undefined && limit !== undefined) lines.push(`- end to end ÷ limit: **${fmt(first / limit, 2)}×** (target ≤ 2×)`);
  if (r.ratios.length > 1) lines.push(`- each first run ÷ the limits measured just before it: ${ratiosText(r.ratios)}`);
  if (floor !== undefined && limit !== undefined) {
    lines.push(
      `- the libraries' own work alone (floor, one thread) ÷ limit: ${fmt(floor / limit, 2)}×` +
        (r.floorRatios.length > 1 ? `; each floor ÷ the limits measured just before it: ${ratiosText(r.floorRatios)}` : ''),
    );
  }
  if (r.firstCpu.length > 0) {
    const runs = r.firstCpu.map((c) => `${fmt(c.main)} + ${fmt(c.workers)} + ${fmt(c.node)} of ${fmt(c.total)} s (${fmt((100 * c.node) / c.total, 0)}%)`);
    lines.push(
      `- CPU of each first run by thread — main + huiliu's worker threads + Node's own (V8 compiling and helping the garbage collector, libuv reading files), of the process's total: ${runs.join('; ')}`,
    );
  }
  const oneThread = secondsOf(r.oneThread, 'build');
  if (oneThread !== undefined && limit !== undefined) lines.push(`- end to end with \`threads: 1\` ÷ limit: ${fmt(oneThread / limit, 2)}×`);
  if (first !== undefined && second !== undefined) lines.push(`- nothing changed ÷ first run: **${fmt((100 * second) / first, 0)}%** (target ≤ 10%)`);
  const changed = secondsOf(r.changed, 'build');
  if (first !== undefined && changed !== undefined) lines.push(`- ${CHANGED_SHARE * 100}% of feed files changed ÷ first run: ${fmt((100 * changed) / first, 0)}%`);
  return lines.join('\n');
}

function report(results: readonly SizeResult[], heapMb: number | undefined, repeat: number): string {
  const cpus = os.cpus();
  const lines = [
    '# Pipeline benchmark',
    '',
    `Run ${new Date().toISOString()} on ${os.type()} ${os.release()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ` +
      `${fmt(os.totalmem() / 1024 / MB, 0)} GB RAM, Node ${process.version}; load average at the end ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}.`,
    '',
    'MB/s is the size of the feed XML divided by the stage\'s time, for every stage, so rows compare directly. ' +
      'Stages are timed alone in one process; "end to end" is `runBuild` in a fresh process (store, publish and all); ' +
      'peak RSS is the peak of the process that ran that row.' +
      (heapMb === undefined ? '' : ` Each process ran with its V8 heap capped at ${heapMb} MB.`) +
      (repeat === 1
        ? ''
        : ` Limits, stages and first runs were each measured ${repeat} times (the limits and the first runs alternated): seconds are the fastest run's (per stage), peak RSS the largest.`),
    '',
    ...results.flatMap((r) => [table(r), '']),
  ];
  const pairs = results.slice(1).map((r, i) => [results[i]!, r] as const);
  const ratio = (large: Outcome, small: Outcome, key: string): string => {
    const [l, s] = [secondsOf(large, key), secondsOf(small, key)];
    return l === undefined || s === undefined ? 'n/a' : `×${fmt(l / s, 1)}`;
  };
  for (const [small, large] of pairs) {
    lines.push(
      `- ${large.items.toLocaleString('en-US')} ÷ ${small.items.toLocaleString('en-US')} items (×${large.items / small.items}): ` +
        `end to end ${ratio(large.first, small.first, 'build')}, dedup ${ratio(large.stages, small.stages, 'dedup')}, ` +
        `limit (cheerio) ${ratio(large.limits, small.limits, 'cheerio')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<void> {
  const child = argv.indexOf('--child');
  if (child >= 0) {
    const kind = argv[child + 1] as ChildKind;
    const measured = await CHILDREN[kind](argv[child + 2]!);
    process.stdout.write(`${JSON.stringify(measured)}\n`);
    return;
  }
  const sizesAt = argv.indexOf('--sizes');
  const sizes = (sizesAt >= 0 ? argv[sizesAt + 1]! : '1000,10000').split(',').map(Number);
  const heapAt = argv.indexOf('--heap-mb');
  const heapMb = heapAt >= 0 ? Number(argv[heapAt + 1]) : undefined;
  const repeatAt = argv.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(argv[repeatAt + 1]) : 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat takes a whole number of runs, 1 or more: ${argv[repeatAt + 1]}`);
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1]! : path.join('bench', 'pipeline-results.md');
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'huiliu-bench-'));
  try {
    const results = sizes.map((size) => measureSize(size, workdir, heapMb, repeat));
    const text = report(results, heapMb, repeat);
    writeFileSync(out, text);
    process.stdout.write(text);
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
