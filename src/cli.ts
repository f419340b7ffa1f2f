#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import path from 'node:path';
import { adapterForOutlet, ruleNames } from './adapters/registry.js';
import { checkDirectory } from './check/index.js';
import { SHARED_RULE_NAMES } from './clean/index.js';
import { loadConfig, parseBaseUrl, type LoadedConfig } from './config.js';
import { explainAll, explainLink, formatAllExplanation, formatLinkExplanation } from './dedup/explain.js';
import { describeError, UserError } from './errors.js';
import { STATUS_FILE } from './output/status.js';
import { collectItems, type BuildResult } from './pipeline.js';
import { EXIT_FAILED, EXIT_OK, runBuild, summaryLine, type RunSummary } from './run.js';
import { watch, type Watcher } from './schedule/watch.js';
import { FeedServer } from './serve/server.js';
import { version } from './version.js';

/** What went wrong with sources in a run, one line each: failures, and items no adapter recognised. */
function problems(summary: RunSummary): string[] {
  const failed = summary.failed.map((s) => `huiliu: source ${s.id} failed: ${s.error}`);
  const unrecognised = summary.result.sources
    .filter((s) => s.unrecognised > 0)
    .map((s) => `huiliu: source ${s.id}: ${s.unrecognised} items from no known outlet skipped (set "adapter")`);
  return [...failed, ...unrecognised];
}

/** Per source: how many items each cleaning rule touched, the rules that touched none listed last. */
function ruleReport(result: BuildResult): string {
  return result.sources
    .filter((source) => source.ok)
    .map((source) => {
      const outlets = new Set(result.items.filter((item) => item.sourceId === source.id).map((item) => item.outlet));
      const known = [...SHARED_RULE_NAMES, ...[...outlets].flatMap((outlet) => ruleNames(adapterForOutlet(outlet)))];
      const counts = { ...Object.fromEntries(known.map((name) => [name, 0])), ...source.hits };
      const lines = Object.entries(counts)
        .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
        .map(([name, n]) => `  ${String(n).padStart(6)}  ${name}`);
      return `huiliu: source ${source.id}: items each cleaning rule touched (of ${source.items})\n${lines.join('\n')}\n`;
    })
    .join('');
}

interface BuildOptions {
  config: string;
  out: string;
  quiet?: boolean;
  baseUrl?: string;
  rules?: boolean;
}

async function buildOnce(options: BuildOptions): Promise<number> {
  const loaded = await loadConfig(options.config);
  if (options.baseUrl !== undefined) loaded.config.baseUrl = parseBaseUrl(options.baseUrl, '--base-url');
  const summary = await runBuild({ loaded, outDir: options.out });
  for (const line of problems(summary)) process.stderr.write(`${line}\n`);
  if (options.rules) process.stderr.write(ruleReport(summary.result));
  if (summary.status === EXIT_FAILED) {
    process.stderr.write(`huiliu: no source could be read; feeds left as they were (see ${path.join(options.out, STATUS_FILE)})\n`);
  } else if (!options.quiet) {
    process.stderr.write(`${summaryLine(summary, options.out)}\n`);
  }
  return summary.status;
}

/** Runs the config's schedule: once at start, then on every tick. */
function startWatching(loaded: LoadedConfig, outDir: string): Watcher {
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const watcher = watch(
    loaded.config.schedule,
    async (signal) => {
      const summary = await runBuild({ loaded, outDir, signal });
      if (summary.abandoned) return 'huiliu: run abandoned (stopping); outputs left as they were';
      return [...problems(summary), summaryLine(summary, outDir)].join('\n');
    },
    log,
  );
  log(`huiliu: watching on schedule "${loaded.config.schedule}", writing ${outDir}`);
  void watcher.tick();
  return watcher;
}

/** SIGINT/SIGTERM: stop scheduling, let the run in progress abandon cleanly, then exit; a second signal exits at once. */
function stopOnSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.stderr.write(`huiliu: ${signal}: stopping\n`);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      void stop().then(resolve);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number (0–65535)');
  return port;
}

/** Why items were or were not merged, read from the sources as a build reads them (without the store). */
async function runExplain(options: { config: string }, link: string | undefined): Promise<number> {
  const loaded = await loadConfig(options.config);
  const { sources, current, shelf } = await collectItems(loaded);
  // Whole items: explaining is for a person tuning dedup on a few sources, not for 100k items.
  const items = current.map((head) => shelf.itemOf(head));
  shelf.close();
  for (const source of sources.filter((s) => !s.ok)) process.stderr.write(`huiliu: source ${source.id} failed: ${source.error}\n`);
  const dedup = loaded.config.dedup;
  if (link === undefined) {
    process.stdout.write(`${formatAllExplanation(explainAll(items, dedup), dedup)}\n`);
    return EXIT_OK;
  }
  const result = explainLink(items, dedup, link);
  if (!result) throw new UserError(`no item with the link ${link} in the sources of ${options.config}`);
  process.stdout.write(`${formatLinkExplanation(result, dedup)}\n`);
  return EXIT_OK;
}

/** Validates every feed in a folder; the reasons go to stderr one per line, so CI logs read as a list. */
async function runCheck(dir: string, options: { quiet?: boolean }): Promise<number> {
  const report = await checkDirectory(dir);
  for (const reason of report.reasons) process.stderr.write(`${reason}\n`);
  if (report.reasons.length > 0) return EXIT_FAILED;
  if (!options.quiet) process.stderr.write(`huiliu: ${report.checked.length} feeds in ${dir} are valid\n`);
  return EXIT_OK;
}

function program(): Command {
  const cli = new Command('huiliu')
    .description('汇流 huiliu — clean Chinese-language news feeds, merge reports of the same story across outlets, republish as Atom, RSS and JSON Feed.')
    .version(version, '-V, --version')
    .showHelpAfterError()
    .exitOverride();

  cli
    .command('build')
    .description('read every source once, clean and merge, and write the feeds to the output folder')
    .option('-c, --config <file>', 'config file (JSON)', 'config/huiliu.json')
    .option('-o, --out <dir>', 'output folder for the feeds', 'feeds')
    .option('-q, --quiet', 'print only errors')
    .option('--base-url <url>', 'public URL of the output folder (overrides "baseUrl" in the config)')
    .option('--rules', 'print, per source, how many items each cleaning rule touched (0 = a rule that stopped firing)')
    .addHelpText(
      'after',
      `
Writes merged.* (one entry per story) and one <name>.* per outlet or source, in each configured format
(.atom, .rss, .feed.json), plus feeds.opml, index.html, icon.svg, logo.svg and status.json;
remembers items, story ids and HTTP validators in OUT/.huiliu/store.sqlite (or the config's "store").
Exit status: 0 every source was read; 2 some failed but the feeds were written; 1 nothing could be built.`,
    )
    .action(async (opts: BuildOptions) => {
      process.exitCode = await buildOnce({ ...opts, out: path.resolve(opts.out) });
    });

  cli
    .command('explain')
    .description('show why items were or were not merged: features, shared names and numbers, time gap, decision')
    .argument('[link]', "an item's article link: compare it with its nearest items")
    .option('-c, --config <file>', 'config file (JSON)', 'config/huiliu.json')
    .addHelpText(
      'after',
      `
Without a link: every merged story, then the pairs kept apart that came within 75% of dedup.threshold.
Reads the sources as build does (without the store) and writes nothing.`,
    )
    .action(async (link: string | undefined, opts: { config: string }) => {
      process.exitCode = await runExplain(opts, link);
    });

  cli
    .command('check')
    .description('validate every feed in an output folder: Atom against RFC 4287, RSS 2.0, JSON Feed 1.1')
    .argument('<dir>', 'output folder written by huiliu build')
    .option('-q, --quiet', 'print only the reasons a feed fails')
    .addHelpText('after', '\nExit status: 0 every feed is valid; 1 a feed is invalid (one reason per line) or none was found.')
    .action(async (dir: string, opts: { quiet?: boolean }) => {
      process.exitCode = await runCheck(dir, opts);
    });

  cli
    .command('watch')
    .description('build now and then on the config\'s "schedule" (cron syntax), until SIGINT or SIGTERM')
    .option('-c, --config <file>', 'config file (JSON)', 'config/huiliu.json')
    .option('-o, --out <dir>', 'output folder for the feeds', 'feeds')
    .action(async (opts: { config: string; out: string }) => {
      const loaded = await loadConfig(opts.config);
      const watcher = startWatching(loaded, path.resolve(opts.out));
      await stopOnSignal(() => watcher.stop());
    });

  cli
    .command('serve')
    .description('serve the output folder over HTTP (ETag/Last-Modified, gzip, an index page with feed autodiscovery)')
    .option('-c, --config <file>', 'config file (JSON)', 'config/huiliu.json')
    .option('-o, --out <dir>', 'output folder to serve (and write, with --watch)', 'feeds')
    .option('-p, --port <n>', 'port to listen on', parsePort, 8080)
    .option('--host <address>', 'address to bind; 0.0.0.0 exposes the server to the network', '127.0.0.1')
    .option('-w, --watch', 'also build on the config\'s schedule in this process')
    .action(async (opts: { config: string; out: string; port: number; host: string; watch?: boolean }) => {
      const loaded = await loadConfig(opts.config);
      const outDir = path.resolve(opts.out);
      let server;
      try {
        server = await new FeedServer(outDir).listen(opts.port, opts.host);
      } catch (error) {
        throw new UserError(`cannot listen on ${opts.host}:${opts.port}: ${(error as Error).message}`);
      }
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : opts.port;
      process.stderr.write(`huiliu: serving ${outDir} at http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/\n`);
      const watcher = opts.watch ? startWatching(loaded, outDir) : undefined;
      await stopOnSignal(async () => {
        await watcher?.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      });
    });
  return cli;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof UserError || error instanceof InvalidArgumentError) {
      process.stderr.write(`huiliu: ${error.message}\n`);
      process.exitCode = EXIT_FAILED;
      return;
    }
    process.stderr.write(`huiliu: internal error: ${describeError(error)}\n${(error as Error).stack ?? ''}\n`);
    process.exitCode = EXIT_FAILED;
  }
}

await main(process.argv);
