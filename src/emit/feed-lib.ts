import { Feed } from 'feed';
import { escapeText } from '../clean/text.js';
import { FEED_LANGUAGE, GENERATOR, type FeedDocument, type FeedEntry } from './model.js';

/** What one format hands to `feed` beyond the document itself. */
export interface FeedLibOptions {
  /** Channel/home link; `feed` requires it absolute. */
  home?: string;
  /** The self link, set in `feedLinks` under the format's key. */
  self?: { key: 'atom' | 'rss' | 'json'; href: string };
  /** `feed`'s `favicon`: Atom `<icon>`. */
  favicon?: string;
  /** `feed`'s `image`: Atom `<logo>`, JSON Feed `icon`. */
  image?: string;
  /** The generator `feed` writes; huiliu's name and version by default. */
  generator?: string;
  /** The link `feed` writes for an entry (exactly one, absolute); undefined writes none. */
  entryLink: (entry: FeedEntry, index: number) => string | undefined;
  /** The summary `feed` writes for an entry, where HTML is expected; the entry's plain text escaped by default. */
  entrySummary?: (entry: FeedEntry, index: number) => string;
  /** The content `feed` writes for an entry; the entry's HTML by default. */
  entryContent?: (entry: FeedEntry, index: number) => string;
  /** False where the format's author element means something else (RSS `<author>` is an email address). */
  writeAuthors: boolean;
  /** Extra elements per entry (RSS `dc:creator`). */
  entryExtensions?: (entry: FeedEntry) => Array<{ name: string; objects: Record<string, unknown> }>;
}

/**
 * One `feed` instance for a document. Titles and summaries are escaped plain text, because `feed` writes
 * them where HTML is expected (Atom `type="html"`, RSS CDATA read as HTML); the JSON Feed writer undoes it.
 */
export function feedOf(doc: FeedDocument, options: FeedLibOptions): Feed {
  const feed = new Feed({
    id: doc.id,
    title: doc.title,
    description: doc.subtitle,
    updated: doc.updated,
    generator: options.generator ?? GENERATOR,
    language: FEED_LANGUAGE,
    copyright: 'Articles © their publishers',
    ...(options.home ? { link: options.home } : {}),
    ...(options.self ? { feedLinks: { [options.self.key]: options.self.href } } : {}),
    ...(options.favicon ? { favicon: options.favicon } : {}),
    ...(options.image ? { image: options.image } : {}),
  });
  for (const [index, entry] of doc.entries.entries()) {
    const link = options.entryLink(entry, index);
    feed.addItem({
      id: entry.id,
      title: escapeText(entry.title),
      // feed's types require a link, but its RSS and JSON writers skip an empty one: entries without an article URL.
      link: link ?? '',
      date: entry.updated,
      published: entry.published,
      description: options.entrySummary?.(entry, index) ?? escapeText(entry.summary),
      content: options.entryContent?.(entry, index) ?? entry.contentHtml,
      ...(options.writeAuthors ? { author: entry.authors.map((name) => ({ name })) } : {}),
      category: entry.categories.map((c) => ({ term: c.term, name: c.label })),
      ...(options.entryExtensions ? { extensions: options.entryExtensions(entry) } : {}),
    });
  }
  return feed;
}
