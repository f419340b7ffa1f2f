#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import path from 'node:path';
import { checkDirectory } from './check/index.js';
import { loadConfig, parseBaseUrl } from './config.js';
import { describeError, UserError } from './errors.js';
import { writeFilesAtomically } from './output/write.js';
import { build, type BuildResult } from './pipeline.js';
import { version } from './version.js';

/** Exit statuses: every source read; some failed but output was written; nothing could be built. */
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_PARTIAL = 2;

function summarize(result: BuildResult, outDir: string): string {
  const merged = result.stories.filter((s) => s.items.length > 1).length;
  return `huiliu: ${result.items.length} items from ${result.sources.length} sources → ${result.stories.length} stories (${merged} merged); wrote ${result.files.length} files to ${outDir}`;
}

async function runBuild(options: { config: string; out: string; quiet?: boolean; baseUrl?: string }): Promise<number> {
  const loaded = await loadConfig(options.config);
  if (options.baseUrl !== undefined) loaded.config.baseUrl = parseBaseUrl(options.baseUrl, '--base-url');
  const result = await build(loaded, { now: new Date() });
  const failed = result.sources.filter((s) => !s.ok);
  for (const source of failed) process.stderr.write(`huiliu: source ${source.id} failed: ${source.error}\n`);
  for (const source of result.sources.filter((s) => s.unrecognised > 0)) {
    process.stderr.write(`huiliu: source ${source.id}: ${source.unrecognised} items from no known outlet skipped (set "adapter")\n`);
  }
  if (failed.length === result.sources.length) {
    process.stderr.write('huiliu: no source could be read; outputs left as they were\n');
    return EXIT_FAILED;
  }
  await writeFilesAtomically(options.out, result.files);
  if (!options.quiet) process.stderr.write(`${summarize(result, options.out)}\n`);
  return failed.length > 0 ? EXIT_PARTIAL : EXIT_OK;
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
    .addHelpText(
      'after',
      `
Writes merged.* (one entry per story) and one <name>.* per outlet or source, in each configured format
(.atom, .rss, .feed.json), plus feeds.opml, index.html, icon.svg and logo.svg.
Exit status: 0 every source was read; 2 some failed but the feeds were written; 1 nothing could be built.`,
    )
    .action(async (opts: { config: string; out: string; quiet?: boolean; baseUrl?: string }) => {
      process.exitCode = await runBuild({ ...opts, out: path.resolve(opts.out) });
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
