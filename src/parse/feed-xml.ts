import { XMLBuilder, XMLParser, XMLValidator, type ProcessEntitiesOptions } from 'fast-xml-parser';
import { UserError } from '../errors.js';
import type { RawItem } from '../types.js';

/**
 * RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) feeds, read with fast-xml-parser.
 * Entity expansion is bounded so an entity bomb fails fast instead of eating memory.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  // The limits count declared (DTD) entities only: `&lt;` and `&#21328;` expand to less than they take, and
  // an entity-escaped feedx feed of 100 items holds tens of thousands of them. `appliesTo` is honoured by
  // fast-xml-parser 5.12 but missing from its types.
  processEntities: {
    enabled: true,
    maxEntityCount: 50,
    maxEntitySize: 2_000,
    maxTotalExpansions: 5_000,
    maxExpandedLength: 200_000,
    appliesTo: 'external',
  } as ProcessEntitiesOptions,
  isArray: (name) => ['item', 'entry', 'link', 'category', 'author', 'dc:creator'].includes(name),
});

/** Inline XHTML content (Atom `type="xhtml"`) comes back as objects; this writes it back to markup. */
const xhtmlBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text' });

type XmlNode = Record<string, unknown>;

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of an element that may be a string, an object with `#text`, or an XHTML tree. */
function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isNode(value)) {
    if (value['@_type'] === 'xhtml') {
      const { ['@_type']: _type, ...children } = value;
      return (xhtmlBuilder.build(children) as string).trim();
    }
    const text = value['#text'];
    return text === undefined ? '' : String(text);
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function rssItem(node: XmlNode, sourceId: string): RawItem {
  const creators = node['dc:creator'] as unknown[] | undefined;
  const guid = node['guid'];
  return {
    sourceId,
    title: nonEmpty(textOf(node['title'])),
    link: nonEmpty(textOf(node['link'])),
    published: parseDate(textOf(node['pubDate']) ?? textOf(node['dc:date'])),
    author: nonEmpty(textOf(creators?.[0]) ?? textOf(node['author'])),
    guid: nonEmpty(textOf(guid)),
    body: textOf(node['content:encoded']) ?? textOf(node['description']) ?? '',
    bodyFormat: 'html',
  };
}

function atomLink(links: unknown): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const nodes = links.filter(isNode);
  const alternate = nodes.find((l) => l['@_rel'] === undefined || l['@_rel'] === 'alternate');
  return nonEmpty(textOf((alternate ?? nodes[0])?.['@_href']));
}

function atomEntry(node: XmlNode, sourceId: string): RawItem {
  const authors = node['author'] as unknown[] | undefined;
  const firstAuthor = authors?.find(isNode);
  return {
    sourceId,
    title: nonEmpty(textOf(node['title'])),
    link: atomLink(node['link']),
    published: parseDate(textOf(node['published']) ?? textOf(node['updated'])),
    author: nonEmpty(textOf(firstAuthor?.['name'])),
    guid: nonEmpty(textOf(node['id'])),
    body: textOf(node['content']) ?? textOf(node['summary']) ?? '',
    bodyFormat: 'html',
  };
}

/**
 * An entity declared in terms of other named entities (`<!ENTITY a1 "&a0;&a0;…">`) is how an expansion
 * bomb ("billion laughs") multiplies. Feeds that declare entities at all only alias characters
 * (`<!ENTITY nbsp "&#160;">`), so a declaration that refers to another named entity is refused outright
 * rather than left unexpanded in titles and bodies (fast-xml-parser's limits are the second line).
 */
const NESTED_ENTITY = /<!ENTITY\s+%?\s*[^\s"'>]+\s+(["'])[^"']*&[A-Za-z_:][\w.:-]*;[^"']*\1/;

/** The part of a document before its first element, where a DOCTYPE and its entity declarations live. */
function prologOf(xml: string): string {
  const firstElement = xml.search(/<[A-Za-z_]/);
  return firstElement < 0 ? xml : xml.slice(0, firstElement);
}

/** Parses an XML feed document into raw items. Malformed XML is a UserError naming line and column. */
export function parseFeedXml(xml: string, sourceId: string): RawItem[] {
  if (NESTED_ENTITY.test(prologOf(xml))) {
    throw new UserError('refused: the document declares entities built from other entities (an entity-expansion bomb)');
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new UserError(`malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (error) {
    throw new UserError(`unreadable XML: ${(error as Error).message}`);
  }
  const rss = doc['rss'];
  if (isNode(rss)) {
    const channel = rss['channel'];
    const items = isNode(channel) ? ((channel['item'] as unknown[] | undefined) ?? []) : [];
    return items.filter(isNode).map((item) => rssItem(item, sourceId));
  }
  const feed = doc['feed'];
  if (isNode(feed)) {
    return ((feed['entry'] as unknown[] | undefined) ?? []).filter(isNode).map((e) => atomEntry(e, sourceId));
  }
  const rdf = doc['rdf:RDF'];
  if (isNode(rdf)) {
    return ((rdf['item'] as unknown[] | undefined) ?? []).filter(isNode).map((item) => rssItem(item, sourceId));
  }
  throw new UserError('not a feed: the XML root is none of <rss>, <feed> (Atom) or <rdf:RDF>');
}
