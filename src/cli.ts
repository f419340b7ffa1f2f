#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import path from 'node:path';
import { loadConfig } from './config.js';
import { describeError, UserError } from './errors.js';
import { writeFilesAtomically } from './output/write.js';
import { adapterForOutlet, ruleNames } from './adapters/registry.js';
import { SHARED_RULE_NAMES } from './clean/index.js';
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

async function runBuild(options: { config: string; out: string; quiet?: boolean; rules?: boolean }): Promise<number> {
  const loaded = await loadConfig(options.config);
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
  if (options.rules) process.stderr.write(ruleReport(result));
  if (!options.quiet) process.stderr.write(`${summarize(result, options.out)}\n`);
  return failed.length > 0 ? EXIT_PARTIAL : EXIT_OK;
}

function program(): Command {
  const cli = new Command('huiliu')
    .description('汇流 huiliu — clean Chinese-language news feeds, merge reports of the same story across outlets, republish as Atom.')
    .version(version, '-V, --version')
    .showHelpAfterError()
    .exitOverride();

  cli
    .command('build')
    .description('read every source once, clean and merge, and write the feeds to the output folder')
    .option('-c, --config <file>', 'config file (JSON)', 'config/huiliu.json')
    .option('-o, --out <dir>', 'output folder for the feeds', 'feeds')
    .option('-q, --quiet', 'print only errors')
    .option('--rules', 'print, per source, how many items each cleaning rule touched (0 = a rule that stopped firing)')
    .addHelpText(
      'after',
      `
Writes merged.atom (one entry per story) and one <name>.atom per outlet or source.
Exit status: 0 every source was read; 2 some failed but the feeds were written; 1 nothing could be built.`,
    )
    .action(async (opts: { config: string; out: string; quiet?: boolean; rules?: boolean }) => {
      process.exitCode = await runBuild({ ...opts, out: path.resolve(opts.out) });
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
