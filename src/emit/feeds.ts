import { createHash } from 'node:crypto';
import type { FeedFormat } from '../config.js';
import type { Item, ItemMeta, Story } from '../types.js';
import { codeHash } from '../code-hash.js';
import { version } from '../version.js';
import { renderAtom } from './atom.js';
import { documentRecipes, excerpt, newestStories, outletName, type ContentOf, type DocumentOptions } from './documents.js';
import { ICON_FILE, ICON_SVG, LOGO_FILE, LOGO_SVG } from './icons.js';
import { renderIndexPage, type PageFeed, type PageStory } from './index-page.js';
import { renderJsonFeed } from './json-feed.js';
import { feedFileName, MEDIA_TYPES, publishedUrl, type FeedDocument, type FeedLinks } from './model.js';
import { renderOpml } from './opml.js';
import { renderRss } from './rss.js';

/** One output file: its name in the output folder and its content. */
export interface OutputFile {
  name: string;
  content: string;
}

/**
 * A file the output folder already holds as this build would render it: its feed's document is made of
 * the same things as when it was last published (`documentFingerprints`), so it is neither rendered nor
 * written again.
 */
export interface KeptFile {
  name: string;
  kept: true;
}

/**
 * Feeds the output folder holds already: their names, and stand-ins for the articles (a hash of each,
 * such as a build's heads carry) to make the documents' other parts with.
 */
export interface KeptFeeds<T> {
  names: ReadonlySet<string>;
  articleHashOf: (item: T) => string;
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

function renderFeed(doc: FeedDocument, format: FeedFormat, links: FeedLinks, rssHome: string): string {
  switch (format) {
    case 'atom':
      return renderAtom(doc, links);
    case 'rss':
      return renderRss(doc, { ...links, home: links.home ?? rssHome });
    case 'json':
      return renderJsonFeed(doc, links);
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
 * one iteration.
 */
export function outputFiles<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
): Iterable<OutputFile>;
/** The same, except that the files of feeds in `kept` are KeptFiles: neither their articles are read nor they rendered. */
export function outputFiles<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
  kept: KeptFeeds<T>,
): Iterable<OutputFile | KeptFile>;
export function outputFiles<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
  kept?: KeptFeeds<T>,
): Iterable<OutputFile | KeptFile> {
  return { [Symbol.iterator]: () => renderFiles(stories, items, options, contentOf, kept) };
}

/** An article's stand-in: its hash, as text and as HTML, so that any change to either changes the document. */
const standIn =
  <T>(articleHashOf: (item: T) => string): ContentOf<T> =>
  (item) => {
    const hash = articleHashOf(item);
    return { contentHtml: hash, text: hash };
  };

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
  const fingerprints = new Map<string, string>();
  const render = JSON.stringify([version, EMIT_CODE, options.formats, options.baseUrl ?? null]);
  for (const recipe of documentRecipes(stories, items, options)) {
    const doc = recipe.make(standIn(articleHashOf));
    fingerprints.set(recipe.name, createHash('sha256').update(render).update(JSON.stringify(doc)).digest('base64'));
  }
  return fingerprints;
}

/** Every output file of whole Items at once, in the order `outputFiles` produces them: for tests and small outputs. */
export function emitFeeds(stories: readonly Story[], items: readonly Item[], options: EmitOptions): OutputFile[] {
  return [...outputFiles(stories, items, options, (item) => item)];
}

function* renderFiles<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: EmitOptions,
  contentOf: ContentOf<T>,
  kept: KeptFeeds<T> | undefined,
): Generator<OutputFile | KeptFile, void, undefined> {
  const { baseUrl } = options;
  const url = (file: string) => publishedUrl(file, baseUrl);
  const pageFeeds: PageFeed[] = [];
  // Only what the OPML list and index.html need of each document is kept once it is written.
  const written: Array<Pick<FeedDocument, 'name' | 'title' | 'subtitle' | 'updated'>> = [];
  for (const recipe of documentRecipes(stories, items, options)) {
    // A kept feed is made with stand-ins for its articles, for its title and dates in the OPML list and index.html.
    const keep = kept !== undefined && kept.names.has(recipe.name);
    const doc = recipe.make(keep ? standIn(kept.articleHashOf) : contentOf);
    written.push({ name: doc.name, title: doc.title, subtitle: doc.subtitle, updated: doc.updated });
    const home = baseUrl === undefined ? doc.site : url(INDEX_FILE);
    for (const format of options.formats) {
      const file = feedFileName(doc.name, format);
      const links: FeedLinks = {
        ...(baseUrl === undefined ? {} : { self: url(file) }),
        ...(home === undefined ? {} : { home }),
        icon: url(ICON_FILE),
        logo: url(LOGO_FILE),
      };
      yield keep ? { name: file, kept: true } : { name: file, content: renderFeed(doc, format, links, home ?? FEEDX_HOME) };
      pageFeeds.push({ title: doc.title, href: url(file), type: MEDIA_TYPES[format], label: FORMAT_LABELS[format] });
    }
  }
  const opmlFormat = OPML_PREFERENCE.find((f) => options.formats.includes(f))!;
  const opmlFeeds = written.map((doc) => ({
    title: doc.title,
    xmlUrl: url(feedFileName(doc.name, opmlFormat)),
    htmlUrl: url(INDEX_FILE),
  }));
  const merged = written[0]!;
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
