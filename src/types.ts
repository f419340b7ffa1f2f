/**
 * The contract between pipeline stages:
 * source → RawItem (parse) → Item (adapters + clean) → Story (dedup) → feeds (emit).
 */

/** The outlets huiliu has adapters for. */
export type OutletId = 'nytimes' | 'rfi' | 'voa' | 'dw' | 'xinjingbao';

/** One item as a parser read it from a feed or snapshot document, before any outlet rules. */
export interface RawItem {
  /** The configured source this item came from. */
  sourceId: string;
  title?: string;
  link?: string;
  /** The feed's own date for the item (pubDate, updated, dc:date, snapshot header). */
  published?: Date;
  author?: string;
  guid?: string;
  /** The body: HTML, or plain text when `bodyFormat` says so (headerless snapshot documents). */
  body: string;
  bodyFormat: 'html' | 'text';
}

/** One cleaned, normalized item of one outlet. */
export interface Item {
  /** Stable id: derived from the canonical link, or from the content when there is no link. */
  id: string;
  sourceId: string;
  outlet: OutletId;
  /** The name of the per-outlet feed this item is published in. */
  channel: string;
  /** Canonical article URL; absent when the outlet gave none. */
  link?: string;
  /** Plain text, entities decoded once. */
  title: string;
  author?: string;
  published?: Date;
  /** Sanitized HTML, safe to republish. */
  contentHtml: string;
  /** Plain text of the content, for dedup and summaries. */
  text: string;
  /**
   * Dedup's words of the title and lead, worked out where the item was cleaned (on every core, and kept
   * with it) so dedup need not segment them again: see dedup/terms.ts. Absent, dedup works them out.
   */
  terms?: ItemTerms;
  /**
   * When huiliu first saw this item (kept by the store across runs). Stands in for a date where the
   * outlet gave none, so an undated item's `updated` is the same on every run.
   */
  firstSeen?: Date;
}

/**
 * Dedup's words of an item, encoded compactly: space-joined words, and what made them (code and lead
 * length). The salient lists may hold words outside jieba's dictionary still to be decided (dedup/text.ts).
 */
export interface ItemTerms {
  made: string;
  titleWords: string;
  titleSalient: string;
  leadWords: string;
  leadSalient: string;
  /** Named calendar days as `month-day`, space-joined. */
  days: string;
}

/** An item's article (sanitized HTML and plain text) and dedup's words of it: most of an item's size. */
export type ItemContent = Pick<Item, 'contentHtml' | 'text' | 'terms'>;

/** Everything about an item but its article and words: what the feeds' lists and entries read besides the content. */
export type ItemMeta = Omit<Item, 'contentHtml' | 'text' | 'terms'>;

/**
 * An item as a build holds it once cleaned: everything but the article and its words, which wait on the
 * build's ContentShelf (store/shelf.ts) until dedup or a feed reads them. At 100,000 items they are
 * about 450 MB of strings; a build holds only these heads, so its memory does not grow with articles.
 */
export interface ItemHead extends ItemMeta {
  /** The plain text's length, for dedup's `longest` representative. */
  textLength: number;
  /** A hash of the content, for the outputs' fingerprint (output/fingerprint.ts). */
  contentDigest: string;
}

/**
 * One story: the reports of one event, possibly from several outlets. Members are whole Items, or
 * ItemHeads in a build (their content on its shelf).
 */
export interface Story<T = Item> {
  /** Stable id, issued when the story is first seen and never changed afterwards. */
  id: string;
  /** Members, earliest first. */
  items: T[];
  representative: T;
  /** The earliest member's date. */
  published?: Date;
  /** When the story last changed (a member joined or changed). */
  updated: Date;
}
