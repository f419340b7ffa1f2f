import type { FeedFormat } from '../config.js';
import type { Item, Story } from '../types.js';
import { renderAtom } from './atom.js';
import { excerpt, feedDocuments, newestFirst, outletName, type DocumentOptions } from './documents.js';
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

function pageStory(story: Story): PageStory {
  const rep = story.representative;
  const others = story.items.filter((it) => it !== rep);
  return {
    title: rep.title,
    ...(rep.link ? { link: rep.link } : {}),
    reports: [rep, ...others].map((it) => ({ outlet: outletName(it), ...(it.link ? { link: it.link } : {}) })),
    published: story.published,
    updated: story.updated,
    excerpt: excerpt(rep.text, 240),
  };
}

/**
 * Everything the output folder holds: each feed in each configured format, the icon and logo, an OPML
 * subscription list and index.html. Pure: the caller writes the files.
 */
export function emitFeeds(stories: readonly Story[], items: readonly Item[], options: EmitOptions): OutputFile[] {
  const { baseUrl } = options;
  const url = (file: string) => publishedUrl(file, baseUrl);
  const docs = feedDocuments(stories, items, options);
  const files: OutputFile[] = [];
  const pageFeeds: PageFeed[] = [];
  for (const doc of docs) {
    const home = baseUrl === undefined ? doc.site : url(INDEX_FILE);
    for (const format of options.formats) {
      const file = feedFileName(doc.name, format);
      const links: FeedLinks = {
        ...(baseUrl === undefined ? {} : { self: url(file) }),
        ...(home === undefined ? {} : { home }),
        icon: url(ICON_FILE),
        logo: url(LOGO_FILE),
      };
      files.push({ name: file, content: renderFeed(doc, format, links, home ?? FEEDX_HOME) });
      pageFeeds.push({ title: doc.title, href: url(file), type: MEDIA_TYPES[format], label: FORMAT_LABELS[format] });
    }
  }
  const opmlFormat = OPML_PREFERENCE.find((f) => options.formats.includes(f))!;
  const opmlFeeds = docs.map((doc) => ({
    title: doc.title,
    xmlUrl: url(feedFileName(doc.name, opmlFormat)),
    htmlUrl: url(INDEX_FILE),
  }));
  const merged = docs[0]!;
  const storyOrder = [...stories].sort(newestFirst);
  files.push(
    { name: ICON_FILE, content: ICON_SVG },
    { name: LOGO_FILE, content: LOGO_SVG },
    { name: OPML_FILE, content: renderOpml(merged.title, merged.updated, opmlFeeds) },
    {
      name: INDEX_FILE,
      content: renderIndexPage({
        title: merged.title,
        subtitle: merged.subtitle,
        updated: merged.updated,
        icon: url(ICON_FILE),
        opml: url(OPML_FILE),
        feeds: pageFeeds,
        stories: storyOrder.map(pageStory),
      }),
    },
  );
  return files;
}
