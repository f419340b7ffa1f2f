import { randomUUID } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import { escapeText } from '../clean/text.js';
import { feedOf } from './feed-lib.js';
import { FEED_LANGUAGE, GENERATOR_NAME, GENERATOR_VERSION, type EntryLink, type FeedDocument, type FeedLinks } from './model.js';

/*
 * `feed` 6 writes each entry with exactly one `<link>` and requires it to be absolute, but huiliu's
 * entries need zero links (an item with no article URL) or several (`rel="related"` per other report).
 * It also writes summaries only as HTML, the generator without its `version` attribute, and no
 * `xml:lang`. So `feed` writes the document with placeholders, and each placeholder is then replaced
 * by the element huiliu needs:
 *
 * - each entry's link is `https://huiliu.invalid/NONCE/INDEX`, replaced by the entry's links (none or
 *   several), built by fast-xml-parser's XMLBuilder from escaped values;
 * - each entry's summary is the text `NONCE/summary/INDEX`, and its whole `<summary type="html">`
 *   element is replaced by a `type="text"` one;
 * - the generator is `NONCE/generator`, replaced by `<generator version="…">huiliu</generator>`;
 * - the root start tag, right after the declaration, gets `xml:lang`.
 *
 * NONCE is random per document, so no article can contain a placeholder, and a replacement never
 * touches text `feed` wrote from the data. Each placeholder must be replaced exactly once and the nonce
 * must be gone afterwards, else rendering throws: a `feed` release that writes these elements
 * differently fails the tests instead of publishing a half-fixed feed. This replaced a fast-xml-parser
 * round trip of the whole document (parse and rebuild), which cost as much as `feed` itself and held the
 * document's object tree in memory; the output is byte-identical to what the round trip wrote.
 */
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Values are escaped by escapeText (the `entities` package) before they reach the builder.
  processEntities: false,
  suppressEmptyNode: true,
  format: false,
});

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
const FEED_START = '<feed xmlns="http://www.w3.org/2005/Atom">';
/** The round trip this replaced dropped the newline after the declaration; kept so outputs stay identical. */
const FEED_START_FIXED = `${DECLARATION}<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${FEED_LANGUAGE}">`;

function linksXml(links: readonly EntryLink[]): string {
  if (links.length === 0) return '';
  const link = links.map((l) => ({
    '@_rel': l.rel,
    '@_href': escapeText(l.href),
    ...(l.title === undefined ? {} : { '@_title': escapeText(l.title) }),
  }));
  return builder.build({ link }) as string;
}

const summaryXml = (summary: string): string =>
  builder.build({ summary: { '@_type': 'text', '#text': escapeText(summary) } }) as string;

const generatorXml = builder.build({ generator: { '@_version': escapeText(GENERATOR_VERSION), '#text': GENERATOR_NAME } }) as string;

/** Writes one Atom 1.0 document. Pure: the caller decides where it goes. */
export function renderAtom(doc: FeedDocument, links: FeedLinks): string {
  const nonce = randomUUID();
  const feed = feedOf(doc, {
    home: links.home,
    ...(links.self ? { self: { key: 'atom', href: links.self } } : {}),
    favicon: links.icon,
    image: links.logo,
    generator: `${nonce}/generator`,
    entryLink: (_entry, index) => `https://huiliu.invalid/${nonce}/${index}`,
    entrySummary: (_entry, index) => `${nonce}/summary/${index}`,
    writeAuthors: true,
  });
  const written = feed.atom1();
  const head = `${DECLARATION}\n${FEED_START}`;
  if (!written.startsWith(head)) throw new Error(`feed's Atom did not start with ${JSON.stringify(head)}`);

  const entries = doc.entries;
  const linksDone = new Uint32Array(entries.length);
  const summariesDone = new Uint32Array(entries.length);
  let generators = 0;
  const placeholder = new RegExp(
    `<link href="https://huiliu\\.invalid/${nonce}/(\\d+)"/>` +
      `|<summary type="html"><!\\[CDATA\\[${nonce}/summary/(\\d+)\\]\\]></summary>` +
      `|<generator>${nonce}/generator</generator>`,
    'g',
  );
  const fixed = written.slice(head.length).replace(placeholder, (_match, linkAt?: string, summaryAt?: string) => {
    if (linkAt !== undefined) {
      const at = Number(linkAt);
      linksDone[at]! += 1;
      return linksXml(entries[at]!.links);
    }
    if (summaryAt !== undefined) {
      const at = Number(summaryAt);
      summariesDone[at]! += 1;
      return summaryXml(entries[at]!.summary);
    }
    generators++;
    return generatorXml;
  });
  const once = (done: Uint32Array) => done.every((n) => n === 1);
  if (generators !== 1 || !once(linksDone) || !once(summariesDone) || fixed.includes(nonce)) {
    throw new Error("feed's Atom placeholders were not each found exactly once; has feed changed how it writes entries?");
  }
  return `${FEED_START_FIXED}${fixed}\n`;
}
