/**
 * The pipeline benchmark (`npm run bench:pipeline`): for each size, generated feedx-like feeds go through
 * the real build path (`runBuild`: files → parse → adapt + clean → dedup → emit → store → publish), twice
 * (a first run, then a run with nothing changed upstream), and through each stage alone; in the same run
 * the limits are measured on the same data: fast-xml-parser alone, and cheerio load + serialize alone.
 *
 * Each measurement runs in its own child process, so peak RSS is that measurement's own and one size's
 * garbage never slows the next. Writes the tables to bench/pipeline-results.md.
 *
 *   npm run bench:pipeline                        # 1k and 10k items
 *   npm run bench:pipeline -- --sizes 1000,10000,100000
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import { XMLParser } from 'fast-xml-parser';
import { adaptSource, type AdaptResult } from '../src/adapters/adapt.js';
import { Cleaner } from '../src/adapters/cleaner.js';
import { loadConfig } from '../src/config.js';
import { dedupItems } from '../src/dedup/index.js';
import { emitFeeds } from '../src/emit/feeds.js';
import { parseDocument } from '../src/parse/index.js';
import { runBuild } from '../src/run.js';
import type { Item, RawItem } from '../src/types.js';
import { generateFeeds } from './feeds-generator.js';

/** One measurement as a child process reports it. */
interface Measured {
  seconds: Record<string, number>;
  /** Peak resident set size of the child process, in MB. */
  peakRssMb: number;
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

function feedFiles(dir: string): string[] {
  const feeds = path.join(dir, 'feeds');
  return readdirSync(feeds)
    .sort()
    .map((name) => path.join(feeds, name));
}

/** The limits: what any reader of these feeds must spend just to parse the XML and the HTML bodies. */
function measureLimits(dir: string): Measured {
  const out: Record<string, number> = {};
  const xmls = feedFiles(dir).map((file) => readFileSync(file, 'utf8'));
  const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, processEntities: true });
  const bodies: string[] = [];
  timed(out, 'xml', () => {
    for (const xml of xmls) {
      const doc = parser.parse(xml) as { rss: { channel: { item: Array<{ description: string }> } } };
      for (const item of doc.rss.channel.item) bodies.push(item.description);
    }
  });
  let bytes = 0;
  timed(out, 'cheerio', () => {
    for (const body of bodies) bytes += load(body, { xml: false }, false).html().length;
  });
  if (bytes === 0) throw new Error('cheerio serialized nothing');
  return { seconds: out, peakRssMb: peakRssMb() };
}

/** Each stage alone, on the same data, in one thread: where the time of a build goes. */
async function measureStages(dir: string): Promise<Measured> {
  const out: Record<string, number> = {};
  const loaded = await loadConfig(path.join(dir, 'huiliu.json'));
  const texts = new Map(loaded.config.sources.map((s) => [s.id, readFileSync(path.resolve(loaded.dir, s.path!), 'utf8')]));
  const raws = new Map<string, RawItem[]>();
  timed(out, 'parse', () => {
    for (const source of loaded.config.sources) raws.set(source.id, parseDocument({ name: source.id, text: texts.get(source.id)! }, source.id));
  });
  const items: Item[] = [];
  timed(out, 'clean', () => {
    for (const source of loaded.config.sources) {
      const result: AdaptResult = adaptSource(raws.get(source.id)!, source, loaded.config);
      items.push(...result.items);
    }
  });
  // As a build cleans: every source handed to one Cleaner at once, the worker pool on every core.
  const start = process.hrtime.bigint();
  const cleaner = new Cleaner(loaded.config);
  await Promise.all(loaded.config.sources.map((source) => cleaner.adaptSource(raws.get(source.id)!, source)));
  await cleaner.close();
  out['pool'] = seconds(start);
  const now = new Date(Date.UTC(2021, 0, 1));
  const firstSeen = items.map((item) => ({ ...item, firstSeen: now }));
  const stories = timed(out, 'dedup', () => dedupItems(firstSeen, loaded.config.dedup, now));
  timed(out, 'emit', () => emitFeeds(stories, firstSeen, { ...loaded.config, now }));
  out['stories'] = stories.length;
  return { seconds: out, peakRssMb: peakRssMb() };
}

/** The real build path, as `huiliu build` runs it, with the store beside the feeds. */
async function measureBuild(dir: string): Promise<Measured> {
  const loaded = await loadConfig(path.join(dir, 'huiliu.json'));
  const start = process.hrtime.bigint();
  const summary = await runBuild({ loaded, outDir: path.join(dir, 'out'), clock: () => new Date(Date.UTC(2021, 0, 1)) });
  const total = seconds(start);
  if (summary.status !== 0) throw new Error(`build failed: ${summary.failed.map((s) => s.error).join('; ')}`);
  return { seconds: { build: total, items: summary.result.items.length }, peakRssMb: peakRssMb() };
}

const CHILDREN = { limits: measureLimits, stages: measureStages, build: measureBuild } as const;
type ChildKind = keyof typeof CHILDREN;

function runChild(kind: ChildKind, dir: string): Measured {
  const stdout = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, dir], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured;
}

interface SizeResult {
  items: number;
  files: number;
  xmlMb: number;
  limits: Measured;
  stages: Measured;
  first: Measured;
  second: Measured;
}

function measureSize(items: number, workdir: string): SizeResult {
  const dir = path.join(workdir, `items-${items}`);
  process.stderr.write(`${items} items: generating… `);
  const generated = generateFeeds(dir, items);
  process.stderr.write('limits… ');
  const limits = runChild('limits', dir);
  process.stderr.write('stages… ');
  const stages = runChild('stages', dir);
  process.stderr.write('build (first run)… ');
  const first = runChild('build', dir);
  process.stderr.write('build (nothing changed)…\n');
  const second = runChild('build', dir);
  rmSync(dir, { recursive: true, force: true });
  return { items: generated.items, files: generated.files, xmlMb: generated.xmlBytes / MB, limits, stages, first, second };
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(r: SizeResult): string {
  const limit = r.limits.seconds['xml']! + r.limits.seconds['cheerio']!;
  const rows: Array<[string, number, string]> = [
    ['parse (fast-xml-parser via parseDocument)', r.stages.seconds['parse']!, `${fmt(r.stages.peakRssMb, 0)} (stages)`],
    ['adapt + clean (one thread)', r.stages.seconds['clean']!, ''],
    [`adapt + clean (worker pool, ${os.availableParallelism()} threads)`, r.stages.seconds['pool']!, ''],
    ['dedup', r.stages.seconds['dedup']!, ''],
    ['emit (all feeds, all formats)', r.stages.seconds['emit']!, ''],
    ['**end to end, first run** (`runBuild`)', r.first.seconds['build']!, fmt(r.first.peakRssMb, 0)],
    ['**end to end, nothing changed**', r.second.seconds['build']!, fmt(r.second.peakRssMb, 0)],
    ['limit: fast-xml-parser alone', r.limits.seconds['xml']!, `${fmt(r.limits.peakRssMb, 0)} (limits)`],
    ['limit: cheerio load + serialize alone', r.limits.seconds['cheerio']!, ''],
    ['limit: sum', limit, ''],
  ];
  const lines = [
    `### ${r.items.toLocaleString('en-US')} items (${r.files} feed files, ${fmt(r.xmlMb)} MB of XML, ${r.stages.seconds['stories']} stories)`,
    '',
    '| stage | seconds | items/s | MB/s | peak RSS (MB) |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(([stage, s, rss]) => `| ${stage} | ${fmt(s, 2)} | ${fmt(r.items / s, 0)} | ${fmt(r.xmlMb / s, 2)} | ${rss} |`),
    '',
    `- end to end ÷ limit: **${fmt(r.first.seconds['build']! / limit, 2)}×** (target ≤ 2×)`,
    `- nothing changed ÷ first run: **${fmt((100 * r.second.seconds['build']!) / r.first.seconds['build']!, 0)}%** (target ≤ 10%)`,
  ];
  return lines.join('\n');
}

function report(results: readonly SizeResult[]): string {
  const cpus = os.cpus();
  const lines = [
    '# Pipeline benchmark',
    '',
    `Run ${new Date().toISOString()} on ${os.type()} ${os.release()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ` +
      `${fmt(os.totalmem() / 1024 / MB, 0)} GB RAM, Node ${process.version}; load average at the end ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}.`,
    '',
    'MB/s is the size of the feed XML divided by the stage\'s time, for every stage, so rows compare directly. ' +
      'Stages are timed alone in one process; "end to end" is `runBuild` in a fresh process (store, publish and all); ' +
      'peak RSS is the peak of the process that ran that row.',
    '',
    ...results.flatMap((r) => [table(r), '']),
  ];
  const pairs = results.slice(1).map((r, i) => [results[i]!, r] as const);
  for (const [small, large] of pairs) {
    const factor = large.items / small.items;
    lines.push(
      `- ${large.items.toLocaleString('en-US')} ÷ ${small.items.toLocaleString('en-US')} items (×${factor}): end to end ` +
        `×${fmt(large.first.seconds['build']! / small.first.seconds['build']!, 1)}, dedup ` +
        `×${fmt(large.stages.seconds['dedup']! / small.stages.seconds['dedup']!, 1)}`,
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
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1]! : path.join('bench', 'pipeline-results.md');
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'huiliu-bench-'));
  try {
    const results = sizes.map((size) => measureSize(size, workdir));
    const text = report(results);
    writeFileSync(out, text);
    process.stdout.write(text);
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
