import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { escapeText } from '../clean/text.js';
import { feedOf } from './feed-lib.js';
import {
  FEED_LANGUAGE,
  GENERATOR_NAME,
  GENERATOR_VERSION,
  type EntryLink,
  type FeedDocument,
  type FeedEntry,
  type FeedLinks,
} from './model.js';

/*
 * `feed` writes each entry with exactly one `<link>` and requires it to be absolute. huiliu's entries
 * need zero links (an item with no article URL) or several (`rel="related"` per other report). So feed
 * writes the document with a placeholder link, and the links are then set from the entry's data by a
 * fast-xml-parser round trip that leaves everything else as feed wrote it. The same pass writes what
 * feed cannot: the summary as `type="text"` (feed only writes HTML summaries), the generator's
 * `version` attribute (feed writes only the generator's text) and the feed's `xml:lang` (feed's
 * `language` option reaches only RSS).
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

function textNode(name: string, text: string, attrs: Record<string, string>): OrderedNode {
  return { [name]: [{ '#text': escapeText(text) }], ':@': attrs };
}

function fixUp(xml: string, entries: readonly FeedEntry[]): string {
  const doc = orderedParser.parse(xml) as OrderedNode[];
  const feedNode = doc.find((n) => 'feed' in n);
  if (!feedNode) throw new Error('feed produced no <feed> element');
  feedNode[':@'] = { ...feedNode[':@'], '@_xml:lang': FEED_LANGUAGE };
  let index = 0;
  const children = childrenOf(feedNode, 'feed');
  for (const [at, child] of children.entries()) {
    if ('generator' in child) {
      children[at] = textNode('generator', GENERATOR_NAME, { '@_version': GENERATOR_VERSION });
      continue;
    }
    if (!('entry' in child)) continue;
    const entry = entries[index++]!;
    const parts = childrenOf(child, 'entry').map((p) =>
      'summary' in p ? textNode('summary', entry.summary, { '@_type': 'text' }) : p,
    );
    const linkAt = parts.findIndex((p) => 'link' in p);
    const kept = parts.filter((p) => !('link' in p));
    kept.splice(linkAt < 0 ? kept.length : linkAt, 0, ...entry.links.map(linkNode));
    child['entry'] = kept;
  }
  return `${orderedBuilder.build(doc) as string}\n`;
}

/** Writes one Atom 1.0 document. Pure: the caller decides where it goes. */
export function renderAtom(doc: FeedDocument, links: FeedLinks): string {
  const feed = feedOf(doc, {
    home: links.home,
    ...(links.self ? { self: { key: 'atom', href: links.self } } : {}),
    favicon: links.icon,
    image: links.logo,
    // A placeholder: fixUp replaces it with the entry's real links.
    entryLink: (entry) => entry.id,
    writeAuthors: true,
  });
  return fixUp(feed.atom1(), doc.entries);
}
