import { XMLBuilder } from 'fast-xml-parser';

/** One feed as a reader subscribes to it. */
export interface OpmlFeed {
  title: string;
  /** The feed's URL (relative to the output folder when no base URL is configured). */
  xmlUrl: string;
  /** The page the feed belongs to. */
  htmlUrl?: string;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ' });

/**
 * An OPML 2.0 subscription list: importing it subscribes a reader to every listed feed in one step.
 * fast-xml-parser's builder escapes attribute values (processEntities is on by default).
 */
export function renderOpml(title: string, created: Date, feeds: readonly OpmlFeed[]): string {
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    opml: {
      '@_version': '2.0',
      head: { title, dateCreated: created.toUTCString(), docs: 'http://opml.org/spec2.opml' },
      body: {
        outline: feeds.map((feed) => ({
          '@_type': 'rss',
          '@_text': feed.title,
          '@_title': feed.title,
          '@_xmlUrl': feed.xmlUrl,
          ...(feed.htmlUrl ? { '@_htmlUrl': feed.htmlUrl } : {}),
        })),
      },
    },
  };
  return `${builder.build(doc) as string}\n`;
}
