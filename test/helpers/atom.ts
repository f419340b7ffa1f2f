import { XMLParser } from 'fast-xml-parser';

/** A parsed Atom entry, as the tests look at it. */
export interface ParsedEntry {
  id: string;
  title: string;
  published?: string;
  updated: string;
  authors: string[];
  links: Array<{ rel: string; href: string }>;
  categories: string[];
  content: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'text',
  isArray: (name) => ['entry', 'link', 'category', 'author'].includes(name),
});

export function parseAtom(xml: string): { title: string; id: string; entries: ParsedEntry[] } {
  const feed = parser.parse(xml).feed;
  const text = (v: unknown): string => (typeof v === 'object' && v !== null ? String((v as { text?: unknown }).text ?? '') : String(v ?? ''));
  const entries = ((feed.entry ?? []) as Array<Record<string, unknown>>).map((e) => ({
    id: String(e['id']),
    title: text(e['title']),
    published: e['published'] === undefined ? undefined : String(e['published']),
    updated: String(e['updated']),
    authors: ((e['author'] ?? []) as Array<{ name: string }>).map((a) => String(a.name)),
    links: ((e['link'] ?? []) as Array<{ rel?: string; href: string }>).map((l) => ({ rel: l.rel ?? 'alternate', href: l.href })),
    categories: ((e['category'] ?? []) as Array<{ term: string }>).map((c) => c.term),
    content: text(e['content']),
  }));
  return { title: text(feed.title), id: String(feed.id), entries };
}
