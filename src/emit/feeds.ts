import { adapterForOutlet } from '../adapters/registry.js';
import { escapeText } from '../clean/text.js';
import type { FeedFormat } from '../config.js';
import type { Item, Story } from '../types.js';
import { renderAtom } from './atom.js';
import { ICON_FILE, ICON_SVG, LOGO_FILE, LOGO_SVG } from './icons.js';
import { renderIndexPage, type PageFeed, type PageStory } from './index-page.js';
import { renderJsonFeed } from './json-feed.js';
import {
  feedFileName,
  MEDIA_TYPES,
  publishedUrl,
  type EntryLink,
  type FeedDocument,
  type FeedEntry,
  type FeedLinks,
} from './model.js';
import { renderOpml } from './opml.js';
import { renderRss } from './rss.js';

/** One output file: its name in the output folder and its content. */
export interface OutputFile {
  name: string;
  content: string;
}

export interface EmitOptions {
  title: string;
  subtitle?: string;
  /** When nothing carries a date, feeds still need an `updated`. */
  now: Date;
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

const outletName = (item: Item): string => adapterForOutlet(item.outlet).name;

/** `2021-04-15 13:23 UTC`: a plain, unambiguous time for the "also reported by" list. */
function shortTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function categoriesOf(items: readonly Item[]): FeedEntry['categories'] {
  const outlets = [...new Set(items.map((it) => it.outlet))];
  return outlets.map((outlet) => ({ term: outlet, label: adapterForOutlet(outlet).name }));
}

/** The visible list of the other reports, under the representative's article. */
function alsoReportedBy(others: readonly Item[]): string {
  if (others.length === 0) return '';
  const rows = others.map((item) => {
    const name = escapeText(outletName(item));
    const label = item.link ? `<a href="${escapeText(item.link)}">${name}</a>` : name;
    const title = escapeText(item.title);
    const when = item.published ? ` · ${shortTime(item.published)}` : '';
    return `<li>${label}：${title}${when}</li>`;
  });
  return `<hr><p><strong>也见于 · Also reported by</strong></p><ul>${rows.join('')}</ul>`;
}

/** The opening of an article as plain text, cut after a sentence where one ends early enough. */
export function excerpt(text: string, limit = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const head = flat.slice(0, limit);
  const sentenceEnd = Math.max(...['。', '！', '？', '. '].map((mark) => head.lastIndexOf(mark)));
  return sentenceEnd >= limit / 2 ? head.slice(0, sentenceEnd + 1).trim() : `${head.trimEnd()}…`;
}

/** The byline, or the outlet when there is none: readers show an author, and RFC 4287 wants one. */
const authorsOf = (item: Item): string[] => [item.author ?? outletName(item)];

function itemEntry(item: Item, now: Date): FeedEntry {
  return {
    id: item.id,
    title: item.title,
    links: item.link ? [{ rel: 'alternate', href: item.link }] : [],
    published: item.published,
    updated: item.published ?? now,
    authors: authorsOf(item),
    categories: categoriesOf([item]),
    summary: excerpt(item.text),
    contentHtml: item.contentHtml,
  };
}

function storyEntry(story: Story): FeedEntry {
  const rep = story.representative;
  const others = story.items.filter((it) => it !== rep);
  const links: EntryLink[] = [];
  if (rep.link) links.push({ rel: 'alternate', href: rep.link });
  for (const other of others) {
    if (other.link) links.push({ rel: 'related', href: other.link, title: outletName(other) });
  }
  return {
    id: story.id,
    title: rep.title,
    links,
    published: story.published,
    updated: story.updated,
    authors: authorsOf(rep),
    categories: categoriesOf(story.items),
    summary: excerpt(rep.text),
    contentHtml: rep.contentHtml + alsoReportedBy(others),
  };
}

const newestFirst = (a: { updated: Date; id: string }, b: { updated: Date; id: string }): number =>
  b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id);

/** A feed was last updated when its newest entry was: the same input gives the same document. */
function latest(entries: readonly FeedEntry[], fallback: Date): Date {
  if (entries.length === 0) return fallback;
  return entries.reduce((max, e) => (e.updated > max ? e.updated : max), entries[0]!.updated);
}

/** The merged feed (one entry per story) and one feed per outlet or source, before any format. */
function feedDocuments(stories: readonly Story[], items: readonly Item[], options: EmitOptions): FeedDocument[] {
  const merged = stories.map(storyEntry).sort(newestFirst);
  const docs: FeedDocument[] = [
    {
      name: 'merged',
      id: 'urn:huiliu:feed:merged',
      title: options.title,
      subtitle: options.subtitle ?? 'Stories from several outlets, each once',
      updated: latest(merged, options.now),
      entries: merged,
    },
  ];
  const channels = new Map<string, Item[]>();
  for (const item of items) channels.set(item.channel, [...(channels.get(item.channel) ?? []), item]);
  for (const [channel, channelItems] of [...channels].sort(([a], [b]) => a.localeCompare(b))) {
    const entries = channelItems.map((it) => itemEntry(it, options.now)).sort(newestFirst);
    const outlets = [...new Set(channelItems.map(outletName))].join(' · ');
    docs.push({
      name: channel,
      id: `urn:huiliu:feed:${channel}`,
      title: `${outlets} — ${options.title}`,
      subtitle: `Every item of ${channel}, cleaned`,
      updated: latest(entries, options.now),
      entries,
    });
  }
  return docs;
}

/** A channel's own site when all its items come from one outlet (a reader's "visit website"). */
function outletHome(items: readonly Item[], channel: string): string | undefined {
  const outlets = new Set(items.filter((it) => it.channel === channel).map((it) => it.outlet));
  const [only] = outlets;
  return outlets.size === 1 && only !== undefined ? adapterForOutlet(only).homepage : undefined;
}

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
    const home = baseUrl === undefined ? outletHome(items, doc.name) : url(INDEX_FILE);
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
