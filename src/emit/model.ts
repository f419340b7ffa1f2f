import type { FeedFormat } from '../config.js';
import { version } from '../version.js';

/** A link of an entry: `alternate` (the article) or `related` (another outlet's report). */
export interface EntryLink {
  href: string;
  rel: 'alternate' | 'related';
  title?: string;
}

/** One entry of an output feed, independent of the format it is written in. */
export interface FeedEntry {
  id: string;
  /** Plain text. */
  title: string;
  links: EntryLink[];
  published?: Date;
  updated: Date;
  /** The byline, or the outlet's name when there is none, so every reader has an author to show. */
  authors: string[];
  categories: Array<{ term: string; label: string }>;
  /** Plain text: the opening of the article. */
  summary: string;
  /** Sanitized HTML. */
  contentHtml: string;
}

/** Where a feed and the page it belongs to are published; absent parts are left out of the feed. */
export interface FeedLinks {
  /** Absolute URL of this very file (`rel="self"`). */
  self?: string;
  /** Absolute URL of the HTML page the feed belongs to (the index page, or the outlet's site). */
  home?: string;
  /** Square icon; may be relative where the format allows it (Atom). */
  icon?: string;
  /** Wide logo; may be relative where the format allows it (Atom). */
  logo?: string;
}

/** One output feed: the same document is written in every configured format. */
export interface FeedDocument {
  /** Base of the file names: `merged` → merged.atom, merged.rss, merged.feed.json. */
  name: string;
  id: string;
  title: string;
  subtitle: string;
  /** The outlet's own site, when every entry comes from one outlet. */
  site?: string;
  updated: Date;
  entries: FeedEntry[];
}

export const GENERATOR_NAME = 'huiliu';
export const GENERATOR_VERSION = version;
export const GENERATOR = `${GENERATOR_NAME} ${GENERATOR_VERSION}`;

/** The language of every feed: the outlets' Chinese editions. */
export const FEED_LANGUAGE = 'zh';

/** File name of a feed in a format. JSON Feeds get `.feed.json` so they never mix with other JSON there (status.json). */
export function feedFileName(name: string, format: FeedFormat): string {
  switch (format) {
    case 'atom':
      return `${name}.atom`;
    case 'rss':
      return `${name}.rss`;
    case 'json':
      return `${name}.feed.json`;
  }
}

/** The media type a reader expects for a feed format (autodiscovery, OPML). */
export const MEDIA_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml',
  rss: 'application/rss+xml',
  json: 'application/feed+json',
};

/** A file of the output folder as a URL: absolute under `baseUrl`, or relative to the folder without it. */
export function publishedUrl(file: string, baseUrl: string | undefined): string {
  return baseUrl === undefined ? file : new URL(file, baseUrl).href;
}
