import { adaptSource } from './adapters/adapt.js';
import type { LoadedConfig, SourceConfig } from './config.js';
import { dedupItems } from './dedup/index.js';
import { emitFeeds, type OutputFile } from './emit/feeds.js';
import { describeError } from './errors.js';
import { readSource } from './fetch/read-source.js';
import { parseDocument } from './parse/index.js';
import type { RuleHits } from './clean/rules.js';
import type { Item, Story } from './types.js';

/** What happened to one source in one build. */
export interface SourceReport {
  id: string;
  ok: boolean;
  items: number;
  unrecognised: number;
  error?: string;
  hits: RuleHits;
}

export interface BuildResult {
  sources: SourceReport[];
  items: Item[];
  stories: Story[];
  files: OutputFile[];
}

/** The clock is passed in, so a build is a function of its inputs. */
export interface BuildContext {
  now: Date;
}

/** fetch → parse → adapt + clean, for one source. A failure is reported, never thrown past the source. */
async function collectSource(
  source: SourceConfig,
  loaded: LoadedConfig,
): Promise<{ report: SourceReport; items: Item[] }> {
  try {
    const documents = await readSource(source, loaded.dir);
    const raws = documents.flatMap((doc) => parseDocument(doc, source.id));
    const { items, unrecognised, hits } = adaptSource(raws, source, loaded.config);
    return { report: { id: source.id, ok: true, items: items.length, unrecognised, hits }, items };
  } catch (error) {
    return {
      report: { id: source.id, ok: false, items: 0, unrecognised: 0, error: describeError(error), hits: {} },
      items: [],
    };
  }
}

/** Every source read, parsed, adapted and cleaned; what dedup gets (also for `huiliu explain`). */
export async function collectItems(loaded: LoadedConfig): Promise<{ sources: SourceReport[]; items: Item[] }> {
  const collected = await Promise.all(loaded.config.sources.map((source) => collectSource(source, loaded)));
  return { sources: collected.map((c) => c.report), items: collected.flatMap((c) => c.items) };
}

/** One build: every source, then dedup across all of them, then every output feed. Writes nothing. */
export async function build(loaded: LoadedConfig, context: BuildContext): Promise<BuildResult> {
  const { sources, items } = await collectItems(loaded);
  const stories = dedupItems(items, loaded.config.dedup, context.now);
  const files = emitFeeds(stories, items, { title: loaded.config.title, subtitle: loaded.config.subtitle, now: context.now });
  return { sources, items, stories, files };
}
