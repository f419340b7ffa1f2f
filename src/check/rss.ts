import { duplicates, isAbsoluteHttpUrl, isRfc822 } from './rules.js';
import { attr, children, parseXml, text, type XmlElement } from './xml.js';

/** RSS 2.0 channel elements that may appear at most once. */
const CHANNEL_AT_MOST_ONCE = [
  'language', 'copyright', 'managingEditor', 'webMaster', 'pubDate', 'lastBuildDate',
  'generator', 'docs', 'cloud', 'ttl', 'image', 'rating', 'textInput', 'skipHours', 'skipDays',
];
const ITEM_AT_MOST_ONCE = ['title', 'link', 'description', 'author', 'comments', 'enclosure', 'guid', 'pubDate', 'source'];

function atMostOnce(el: XmlElement, where: string, names: string[], reasons: string[]): void {
  for (const name of names) {
    const n = children(el, name).length;
    if (n > 1) reasons.push(`${where}: ${n} <${name}> elements (at most one allowed)`);
  }
}

function dates(el: XmlElement, where: string, names: string[], reasons: string[]): void {
  for (const name of names) {
    for (const node of children(el, name)) {
      if (!isRfc822(text(node))) reasons.push(`${where}: <${name}> "${text(node)}" is not an RFC 822 date`);
    }
  }
}

function checkItem(item: XmlElement, where: string, reasons: string[]): string | undefined {
  atMostOnce(item, where, ITEM_AT_MOST_ONCE, reasons);
  dates(item, where, ['pubDate'], reasons);
  if (children(item, 'title').length === 0 && children(item, 'description').length === 0) {
    reasons.push(`${where}: has neither <title> nor <description>`);
  }
  for (const link of children(item, 'link')) {
    if (!isAbsoluteHttpUrl(text(link))) reasons.push(`${where}: <link> "${text(link)}" is not an absolute URL`);
  }
  for (const enclosure of children(item, 'enclosure')) {
    for (const name of ['url', 'length', 'type']) {
      if (attr(enclosure, name) === undefined) reasons.push(`${where}: <enclosure> without ${name}`);
    }
  }
  const guid = children(item, 'guid')[0];
  if (guid === undefined) return undefined;
  // A guid is a permalink unless it says otherwise, and a permalink is a URL.
  if (attr(guid, 'isPermaLink') !== 'false' && !isAbsoluteHttpUrl(text(guid))) {
    reasons.push(`${where}: <guid> "${text(guid)}" is a permalink but not an absolute URL (add isPermaLink="false")`);
  }
  return text(guid);
}

/** The RSS 2.0 specification's rules for one document, as reasons (empty when it passes). */
export function checkRss(xml: string): string[] {
  const parsed = parseXml(xml);
  if ('error' in parsed) return [parsed.error];
  const rss = children(parsed.root, 'rss')[0];
  if (rss === undefined) return ['the root element is not <rss>'];
  const reasons: string[] = [];
  if (attr(rss, 'version') !== '2.0') reasons.push(`rss: version is "${attr(rss, 'version') ?? ''}", not "2.0"`);
  const channels = children(rss, 'channel');
  const channel = channels[0];
  if (channels.length !== 1 || channel === undefined) return [...reasons, `rss: ${channels.length} <channel> elements (must be exactly one)`];
  for (const name of ['title', 'link', 'description']) {
    const n = children(channel, name).length;
    if (n !== 1) reasons.push(`channel: ${n === 0 ? `missing <${name}>` : `${n} <${name}> elements (must be exactly one)`}`);
  }
  const link = children(channel, 'link')[0];
  if (link !== undefined && !isAbsoluteHttpUrl(text(link))) reasons.push(`channel: <link> "${text(link)}" is not an absolute URL`);
  atMostOnce(channel, 'channel', CHANNEL_AT_MOST_ONCE, reasons);
  dates(channel, 'channel', ['pubDate', 'lastBuildDate'], reasons);
  for (const self of children(channel, 'atom:link')) {
    const href = attr(self, 'href') ?? '';
    if (!isAbsoluteHttpUrl(href)) reasons.push(`channel: <atom:link> href "${href}" is not an absolute URL`);
  }
  const guids = children(channel, 'item').map((item, i) => checkItem(item, `item ${i + 1}`, reasons));
  for (const dup of duplicates(guids.filter((g): g is string => g !== undefined))) reasons.push(`channel: guid "${dup}" used more than once`);
  return reasons;
}
