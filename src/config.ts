import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';
import { UserError } from './errors.js';
import { adapterIds } from './adapters/registry.js';

const sourceSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_" (it names the output file)')
      // A source's feed is named after its id, and merged.* is the feed of all stories.
      .refine((id) => id !== 'merged', '"merged" is the name of the merged feed; choose another id'),
    adapter: z.enum(adapterIds).optional(),
    url: z
      .string()
      .regex(/^(https?|file):\/\//, 'must start with http://, https:// or file://')
      .optional(),
    path: z.string().min(1).optional(),
  })
  .refine((s) => (s.url === undefined) !== (s.path === undefined), {
    message: 'needs exactly one of "url" or "path"',
  });

/** The feed formats `huiliu build` can write; every format is written from the same stories. */
export const feedFormats = ['atom', 'rss', 'json'] as const;
export type FeedFormat = (typeof feedFormats)[number];

/**
 * Where the output folder is published. Feeds then carry absolute self links and the OPML and index page
 * absolute feed URLs; normalized to end in "/" so file names resolve inside it, not beside it.
 */
const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
  .transform((url) => (url.endsWith('/') ? url : `${url}/`));

/** Validates a base URL given on the command line with the same rule as the config field. */
export function parseBaseUrl(value: string, where: string): string {
  const result = baseUrlSchema.safeParse(value);
  if (!result.success) throw new UserError(`${where}: ${result.error.issues[0]!.message}`);
  return result.data;
}

const configSchema = z.strictObject({
  title: z.string().min(1).default('huiliu 汇流'),
  subtitle: z.string().optional(),
  /** The public URL of the output folder; without it feeds have no self link and indexes use relative URLs. */
  baseUrl: baseUrlSchema.optional(),
  /** Output formats; all three by default, since readers differ in which they handle best. */
  formats: z
    .array(z.enum(feedFormats))
    .min(1, 'must list at least one format')
    .refine((list) => new Set(list).size === list.length, 'must not list a format twice')
    .default([...feedFormats]),
  sources: z.array(sourceSchema).min(1, 'must list at least one source'),
  /** What to do with images.weserv.nl proxy URLs. */
  images: z.enum(['keep', 'unwrap']).default('keep'),
  /** Convert all text to one script, or leave it as the outlet wrote it. */
  script: z.enum(['keep', 'simplified', 'traditional']).default('keep'),
  dedup: z
    .strictObject({
      enabled: z.boolean().default(true),
      threshold: z.number().gt(0).lt(1).default(0.42),
      windowHours: z.number().positive().default(72),
      representative: z
        .union([z.enum(['earliest', 'longest']), z.array(z.enum(['nytimes', 'rfi', 'voa', 'dw', 'xinjingbao'])).min(1)])
        .default('earliest'),
      /** How much of the title and body is compared (docs/dedup.md): the lead names the event. */
      titleWeight: z.number().positive().default(4),
      leadCharacters: z.number().int().positive().default(400),
      /** The pair score: weights × (word TF-IDF cosine, names-and-numbers cosine, headline coverage). */
      weights: z
        .strictObject({
          words: z.number().min(0).default(0.6),
          salient: z.number().min(0).default(0.4),
          headline: z.number().min(0).default(0.4),
        })
        .prefault({}),
      /** One outlet's two items are usually two developments told with one template: score × this. */
      sameOutletFactor: z.number().min(0).max(1).default(0.7),
      /** Reports further apart than gapHours are rarely one event: score × gapFactor. */
      gapHours: z.number().positive().default(24),
      gapFactor: z.number().min(0).max(1).default(0.7),
    })
    .prefault({}),
  /** How http(s) sources are fetched (docs/operation.md). */
  fetch: z
    .strictObject({
      timeoutSeconds: z.number().positive().max(600).default(30),
      /** Retries after the first attempt, on network errors, 5xx and 429. */
      retries: z.number().int().min(0).max(10).default(3),
      maxBytes: z.number().int().positive().default(20 * 1024 * 1024),
      maxRedirects: z.number().int().min(0).max(20).default(5),
      /** Sources fetched at the same time. */
      concurrency: z.number().int().min(1).max(32).default(4),
    })
    .prefault({}),
  /** How long a story stays in the outputs after its upstream feed dropped it. */
  retention: z
    .strictObject({
      days: z.number().min(0).default(7),
      /** Most entries one source contributes (current items are always kept). */
      maxEntries: z.number().int().positive().default(200),
      /**
       * Most stories in the merged feed and index.html: the newest. Dedup still compares every item; a
       * feed of tens of thousands of entries serves no reader (and at 100,000 items would not fit in memory).
       */
      maxStories: z.number().int().positive().default(1000),
    })
    .prefault({}),
  /**
   * Threads that clean items once a build has thousands to clean (a worker pool); one fewer render feeds
   * beside the main thread once they hold thousands of items; with two or more, dedup runs in a thread of
   * its own while the run is recorded. Default one per core. 1 cleans, dedups and renders on the main
   * thread, for a machine whose cores are busy with other work.
   */
  threads: z.number().int().min(1).max(64).optional(),
  /** The SQLite store; relative paths are resolved against the config's folder. Default: OUT/.huiliu/store.sqlite. */
  store: z.string().min(1).optional(),
  /** When `watch` and `serve --watch` build, in cron syntax (node-cron; an optional sixth field counts seconds). */
  schedule: z
    .string()
    .refine((expression) => isCronExpression(expression), 'is not a valid cron expression (e.g. "*/30 * * * *")')
    .default('*/30 * * * *'),
});

export type Config = z.infer<typeof configSchema>;
export type SourceConfig = Config['sources'][number];

/** Where the config came from: relative `path`s and `file://` URLs are resolved against its folder. */
export interface LoadedConfig {
  config: Config;
  file: string;
  dir: string;
}

function formatIssuePath(issuePath: PropertyKey[]): string {
  return issuePath.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

/** Validates a parsed config object; a user mistake becomes one readable line naming the field. */
export function parseConfig(raw: unknown, file: string): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = formatIssuePath(issue.path);
  throw new UserError(`${file}: ${where === '' ? '' : `${where}: `}${issue.message}`);
}

export async function loadConfig(file: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT' ? `config file not found: ${file}` : `cannot read config file ${file} (${code ?? 'error'})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const absolute = path.resolve(file);
  return { config: parseConfig(raw, file), file: absolute, dir: path.dirname(absolute) };
}
