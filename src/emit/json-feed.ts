import { feedOf } from './feed-lib.js';
import { FEED_LANGUAGE, type FeedDocument, type FeedLinks } from './model.js';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/** The parts of `feed`'s JSON Feed 1.0 output that the 1.1 transform rewrites. */
interface JsonFeed10 {
  version: string;
  author?: unknown;
  items: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * Writes one JSON Feed 1.1 document. `feed` 6 writes JSON Feed 1.0, so its output is taken and
 * transformed: the 1.1 version URL, `language`, `authors` arrays in place of the deprecated single
 * `author` (feed keeps only the first author), and the title and summary as the plain text JSON Feed
 * expects (feed is handed them HTML-escaped for the XML formats), and the content set here rather than
 * taken through feed's JSON. JSON Feed URLs must be absolute, so
 * `icon` and `favicon` are set only when the caller has absolute ones.
 */
export function renderJsonFeed(doc: FeedDocument, links: FeedLinks): string {
  const feed = feedOf(doc, {
    home: links.home,
    ...(links.self ? { self: { key: 'json', href: links.self } } : {}),
    entryLink: (entry) => entry.links.find((l) => l.rel === 'alternate')?.href,
    // Placeholders, set from the entry below: the content passing through feed's JSON and back out of
    // JSON.parse was a third of this writer's time. Non-empty, so feed keeps the keys in their places.
    entrySummary: () => '-',
    entryContent: () => '-',
    writeAuthors: false,
  });
  const { version: _v10, author: _author, items, ...rest } = JSON.parse(feed.json1()) as JsonFeed10;
  const icon = links.icon !== undefined && URL.canParse(links.icon) ? { icon: links.icon, favicon: links.icon } : {};
  const out: Record<string, unknown> = {
    version: JSON_FEED_VERSION,
    ...rest,
    language: FEED_LANGUAGE,
    ...icon,
    items: items.map((item, index) => {
      const entry = doc.entries[index]!;
      return {
        ...item,
        content_html: entry.contentHtml,
        title: entry.title,
        summary: entry.summary,
        authors: entry.authors.map((name) => ({ name })),
      };
    }),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
