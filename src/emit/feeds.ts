import { createHash } from 'node:crypto';
import type { FeedFormat } from '../config.js';
import type { Item, ItemMeta, Story } from '../types.js';
import { codeHash } from '../code-hash.js';
import { version } from '../version.js';
import {
  channelRecipes,
  documentRecipes,
  excerpt,
  mergedRecipe,
  newestStories,
  outletName,
  type ContentOf,
  type DocumentOptions,
  type DocumentRecipe,
} from './documents.js';
import { ICON_FILE, ICON_SVG, LOGO_FILE, LOGO_SVG } from './icons.js';
import { renderIndexPage, type PageFeed, type PageStory } from './index-page.js';
import { feedFileName, MEDIA_TYPES, publishedUrl, type FeedDocument, type FeedLinks } from './model.js';
import { renderFeedFiles, type EncodedFile, type FeedRender, type OutputFile } from './render.js';
import { renderOpml } from './opml.js';

/** A file as publish takes it (output/publish.ts). */
export type PublishedFile = OutputFile | EncodedFile | KeptFile;

/** What the output folder is made of, before the feeds are rendered (`outputParts`). */
export type OutputPart = OutputFile | KeptFile | FeedRender;

/**
 * A file the output folder already holds as this build would render it: its feed's document is made of
 * the same things as when it was last published (`documentFingerprints`), so it is neither rendered nor
 * written again.
 */
export interface KeptFile {
  name: string;
  kept: true;
}

export interface EmitOptions extends DocumentOptions {
  /** Every feed is written in each of these formats. */
  formats: readonly FeedFormat[];
  /** Public URL of the output folder, ending in "/"; without it there are no self links and URLs are relative. */
  baseUrl?: string;
}

export const INDEX_FILE = 'index.html';
export const OPML_FILE = 'feeds.opml';

/** RSS requires a channel link; without a base URL the merged feed points at where its items come from. */
const FEEDX_HOME = 'https://feedx.net/';

const FORMAT_LABELS: Record<FeedFormat, string> = { atom: 'Atom', rss: 'RSS', json: 'JSON Feed' };

/** The reader's first choice when the OPML lists one format per feed: Atom carries every link. */
const OPML_PREFERENCE: readonly FeedFormat[] = ['atom', 'rss', 'json'];

/** Output parts with every feed rendered on this thread, as they are iterated. */
export function* renderedHere<T extends OutputFile | KeptFile>(parts: Iterable<T | FeedRender>): Generator<T | OutputFile, void, undefined> {
  for (const part of parts) {
    if ('doc' in part) yield* renderFeedFiles(part);
    else yield part;
  }
}

function pageStory<T extends ItemMeta>(story: Story<T>, contentOf: ContentOf<T>): PageStory {
  const rep = story.representative;
  const others = story.items.filter((it) => it !== rep);
  return {
    title: rep.title,
    ...(rep.link ? { link: rep.link } : {}),
    reports: [rep, ...others].map((it) => ({ outlet: outletName(it), ...(it.link ? { link: it.link } : {}) })),
    published: story.published,
    updated: story.updated,
    excerpt: excerpt(contentOf(rep).text, 240),
  };
}

/**
 * Everything the output folder holds: each feed in each configured format, the icon and logo, an OPML
 * subscription list and index.html. Pure: the caller writes the files. Items are whole Items or a
 * build's heads, whose articles `contentOf` reads back (store/shelf.ts).
 *
 * Lazy: each file is rendered when the iteration reaches it, and each feed's articles are read when its
 * document is made, so a caller that writes each file before asking for the next (publish) holds one
 * feed at a time. At 10k items the files are 170 MB of text together, a few hundred MB as strings; at
 * 100k they no longer fit in a 1 GB heap. Each iteration renders everything again; `emitFeeds` collects
 * one iteration. The outlet feeds come first, then the merged feed, then the other files.
 */
export function outputFiles<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
): Iterable<OutputFile>;
/**
 * The same, except that the files of the feeds named in `kept`, which the output folder holds already,
 * are KeptFiles: neither their articles are read nor they rendered.
 */
export function outputFiles<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
  kept: ReadonlySet<string>,
): Iterable<OutputFile | KeptFile>;
export function outputFiles<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
  kept?: ReadonlySet<string>,
): Iterable<OutputFile | KeptFile> {
  return { [Symbol.iterator]: () => renderedHere(outputParts(stories, items, options, contentOf, kept)) };
}

/**
 * `outputFiles` before the feeds are rendered: each feed document comes as a FeedRender, made (its
 * articles read) when the iteration reaches it, for the caller to render here (`renderedHere`) or in
 * worker threads (render-pool.ts). The other files come whole, as `outputFiles` has them.
 */
export function* outputParts<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
  kept?: ReadonlySet<string>,
): Generator<OutputPart, void, undefined> {
  yield* outletParts(items, options, contentOf, kept);
  yield* mergedParts(stories, items, options, contentOf, kept);
}

/**
 * The first part of `outputParts`: the feed of each outlet or source. Dedup changes none of them, so a
 * build hands them to the render workers before it runs dedup.
 */
export function* outletParts<T extends ItemMeta>(
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
  kept?: ReadonlySet<string>,
): Generator<OutputPart, void, undefined> {
  for (const recipe of channelRecipes(items, options)) yield* feedParts(recipe, options, contentOf, kept);
}

/** The rest of `outputParts`: the merged feed, the icon and logo, the OPML list and index.html. */
export function* mergedParts<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
  kept?: ReadonlySet<string>,
): Generator<OutputPart, void, undefined> {
  yield* feedParts(mergedRecipe(stories, options), options, contentOf, kept);
  yield* listingFiles(stories, items, options, contentOf);
}

/** An article's stand-in: its hash, as text and as HTML, so that any change to either changes the document. */
const standIn =
  <T>(articleHashOf: (item: T) => string): ContentOf<T> =>
  (item) => {
    const hash = articleHashOf(item);
    return { contentHtml: hash, text: hash };
  };

/** No article at all: for what a document says of itself (title, dates), which its articles do not change. */
const noArticle: ContentOf<unknown> = () => ({ contentHtml: '', text: '' });

/** The code that makes documents and renders them: a file kept from a run of other code is rendered again. */
const EMIT_CODE = codeHash([new URL('.', import.meta.url)]);

/**
 * A hash of each feed document (by name) as it would be rendered — every entry, with a hash of each article
 * standing in for it — and of what its files are rendered with (formats, base URL, huiliu's version and
 * emit's code).
 * Equal hashes mean equal files: a build whose output folder holds the files of a document with the same
 * hash need not render them (`outputFiles`' `kept`). No article is read; documents are made one at a time.
 */
export function documentFingerprints<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  articleHashOf: (item: T) => string,
): Map<string, string> {
  return recipeFingerprints(documentRecipes(stories, items, options), options, articleHashOf);
}

/** `documentFingerprints` of some of the documents: a build takes the outlet feeds' before dedup, the merged feed's after. */
export function recipeFingerprints<T extends ItemMeta>(
  recipes: Iterable<DocumentRecipe<T>>,
  options: EmitOptions,
  articleHashOf: (item: T) => string,
): Map<string, string> {
  const fingerprints = new Map<string, string>();
  const render = JSON.stringify([version, EMIT_CODE, options.formats, options.baseUrl ?? null]);
  for (const recipe of recipes) {
    const doc = recipe.make(standIn(articleHashOf));
    fingerprints.set(recipe.name, createHash('sha256').update(render).update(JSON.stringify(doc)).digest('base64'));
  }
  return fingerprints;
}

/** Every output file of whole Items at once, in the order `outputFiles` produces them: for tests and small outputs. */
export function emitFeeds(stories: readonly Story[], items: readonly Item[], options: EmitOptions): OutputFile[] {
  return [...outputFiles(stories, items, options, (item) => item)];
}

/** The files a feed document is written to, one per format, with the links each carries. */
function filesOf(doc: Pick<FeedDocument, 'name' | 'site'>, options: EmitOptions): FeedRender['files'] {
  const { baseUrl } = options;
  const url = (file: string) => publishedUrl(file, baseUrl);
  const home = baseUrl === undefined ? doc.site : url(INDEX_FILE);
  return options.formats.map((format) => {
    const name = feedFileName(doc.name, format);
    const links: FeedLinks = {
      ...(baseUrl === undefined ? {} : { self: url(name) }),
      ...(home === undefined ? {} : { home }),
      icon: url(ICON_FILE),
      logo: url(LOGO_FILE),
    };
    return { name, format, links };
  });
}

/** One feed's part of the output: its document to render, or, kept, its files as the folder holds them. */
function* feedParts<T extends ItemMeta>(
  recipe: DocumentRecipe<T>,
  options: EmitOptions,
  contentOf: ContentOf<T>,
  kept: ReadonlySet<string> | undefined,
): Generator<OutputPart, void, undefined> {
  if (kept?.has(recipe.name) === true) {
    for (const format of options.formats) yield { name: feedFileName(recipe.name, format), kept: true };
    return;
  }
  const doc = recipe.make(contentOf);
  yield { doc, files: filesOf(doc, options), rssHome: options.baseUrl === undefined ? (doc.site ?? FEEDX_HOME) : publishedUrl(INDEX_FILE, options.baseUrl) };
}

/**
 * The files that list every feed — the OPML subscription list and index.html, merged feed first — and
 * the icon and logo. What they say of a feed (its title and dates) does not depend on its articles, so
 * its document is made without them.
 */
function* listingFiles<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
): Generator<OutputFile, void, undefined> {
  const url = (file: string) => publishedUrl(file, options.baseUrl);
  const docs = [...documentRecipes(stories, items, options)].map((recipe) => recipe.make(noArticle));
  const pageFeeds: PageFeed[] = docs.flatMap((doc) =>
    options.formats.map((format) => ({ title: doc.title, href: url(feedFileName(doc.name, format)), type: MEDIA_TYPES[format], label: FORMAT_LABELS[format] })),
  );
  const opmlFormat = OPML_PREFERENCE.find((f) => options.formats.includes(f))!;
  const opmlFeeds = docs.map((doc) => ({
    title: doc.title,
    xmlUrl: url(feedFileName(doc.name, opmlFormat)),
    htmlUrl: url(INDEX_FILE),
  }));
  const merged = docs[0]!;
  yield { name: ICON_FILE, content: ICON_SVG };
  yield { name: LOGO_FILE, content: LOGO_SVG };
  yield { name: OPML_FILE, content: renderOpml(merged.title, merged.updated, opmlFeeds) };
  yield {
    name: INDEX_FILE,
    content: renderIndexPage({
      title: merged.title,
      subtitle: merged.subtitle,
      updated: merged.updated,
      icon: url(ICON_FILE),
      opml: url(OPML_FILE),
      feeds: pageFeeds,
      stories: newestStories(stories, options.maxStories).map((story) => pageStory(story, contentOf)),
    }),
  };
}
