import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { Feed } from 'feed';
import { escapeText } from '../clean/text.js';
import { version } from '../version.js';

/** A link of an entry: `alternate` (the article) or `related` (another outlet's report). */
export interface EntryLink {
  href: string;
  rel: 'alternate' | 'related';
  title?: string;
}

export interface AtomEntry {
  id: string;
  /** Plain text. */
  title: string;
  links: EntryLink[];
  published?: Date;
  updated: Date;
  authors: string[];
  categories: Array<{ term: string; label: string }>;
  /** Sanitized HTML. */
  contentHtml: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: Date;
  entries: AtomEntry[];
}

export const GENERATOR = `huiliu ${version}`;

/*
 * `feed` writes each entry with exactly one `<link>` and requires it to be absolute. huiliu's entries
 * need zero links (an item with no article URL) or several (`rel="related"` per other report). So feed
 * writes the document with a placeholder link, and the links are then set from the entry's data by a
 * fast-xml-parser round trip that leaves everything else as feed wrote it.
 */
const orderedOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  cdataPropName: '#cdata',
  processEntities: false,
  parseTagValue: false,
  trimValues: false,
} as const;
const orderedParser = new XMLParser(orderedOptions);
const orderedBuilder = new XMLBuilder({ ...orderedOptions, format: false, suppressEmptyNode: true });

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function childrenOf(node: OrderedNode, name: string): OrderedNode[] {
  return (node[name] as OrderedNode[] | undefined) ?? [];
}

function linkNode(link: EntryLink): OrderedNode {
  const attrs: Record<string, string> = { '@_rel': link.rel, '@_href': escapeText(link.href) };
  if (link.title !== undefined) attrs['@_title'] = escapeText(link.title);
  return { link: [], ':@': attrs };
}

function setEntryLinks(xml: string, entries: readonly AtomEntry[]): string {
  const doc = orderedParser.parse(xml) as OrderedNode[];
  const feedNode = doc.find((n) => 'feed' in n);
  if (!feedNode) throw new Error('feed produced no <feed> element');
  let index = 0;
  for (const child of childrenOf(feedNode, 'feed')) {
    if (!('entry' in child)) continue;
    const entry = entries[index++]!;
    const parts = childrenOf(child, 'entry');
    const at = parts.findIndex((p) => 'link' in p);
    const kept = parts.filter((p) => !('link' in p));
    kept.splice(at < 0 ? kept.length : at, 0, ...entry.links.map(linkNode));
    child['entry'] = kept;
  }
  return `${orderedBuilder.build(doc) as string}\n`;
}

/** Writes one Atom 1.0 document. Pure: the caller decides where it goes. */
export function renderAtom(spec: AtomFeed, selfLink?: string): string {
  const feed = new Feed({
    id: spec.id,
    title: spec.title,
    description: spec.subtitle,
    updated: spec.updated,
    generator: GENERATOR,
    ...(selfLink ? { feedLinks: { atom: selfLink } } : {}),
  });
  for (const entry of spec.entries) {
    feed.addItem({
      id: entry.id,
      // feed writes titles as type="html", so plain text is escaped once here.
      title: escapeText(entry.title),
      link: entry.id,
      date: entry.updated,
      published: entry.published,
      content: entry.contentHtml,
      author: entry.authors.map((name) => ({ name })),
      category: entry.categories.map((c) => ({ term: c.term, name: c.label })),
    });
  }
  return setEntryLinks(feed.atom1(), spec.entries);
}
