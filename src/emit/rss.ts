import { feedOf } from './feed-lib.js';
import type { FeedDocument, FeedLinks } from './model.js';

/** RSS's channel `<link>` is required and `feed` requires it absolute, so the caller always has one. */
export type RssLinks = FeedLinks & { home: string };

/**
 * Writes one RSS 2.0 document with `feed`. RSS has one `<link>` per item (the article); the other
 * outlets' reports stay reachable from the "also reported by" list in the content. The byline goes in
 * `dc:creator`, since RSS's own `<author>` must be an email address. No channel `<image>`: RSS allows only
 * GIF, JPEG or PNG there, and huiliu's icon is SVG.
 */
export function renderRss(doc: FeedDocument, links: RssLinks): string {
  const feed = feedOf(doc, {
    home: links.home,
    ...(links.self ? { self: { key: 'rss', href: links.self } } : {}),
    entryLink: (entry) => entry.links.find((l) => l.rel === 'alternate')?.href,
    writeAuthors: false,
    // feed declares xmlns:dc whenever an item has content, and every huiliu entry has content.
    entryExtensions: (entry) => [{ name: 'dc:creator', objects: { _text: entry.authors.join(', ') } }],
  });
  return `${feed.rss2()}\n`;
}
