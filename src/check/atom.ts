import { duplicates, isAbsoluteIri, isRfc3339 } from './rules.js';
import { attr, children, parseXml, text, type XmlElement } from './xml.js';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const TEXT_TYPES = ['text', 'html', 'xhtml'];

/** The reasons found so far, each prefixed by where in the document it was found. */
class Reasons {
  readonly list: string[] = [];
  add(where: string, reason: string): void {
    this.list.push(where === '' ? reason : `${where}: ${reason}`);
  }
}

/** RFC 4287 §4.1.1/§4.1.2: elements that must occur exactly once, or at most once. */
function counts(el: XmlElement, where: string, once: string[], atMostOnce: string[], reasons: Reasons): void {
  for (const name of once) {
    const n = children(el, name).length;
    if (n !== 1) reasons.add(where, n === 0 ? `missing <${name}>` : `${n} <${name}> elements (must be exactly one)`);
  }
  for (const name of atMostOnce) {
    const n = children(el, name).length;
    if (n > 1) reasons.add(where, `${n} <${name}> elements (at most one allowed)`);
  }
}

/** §3.3: dates are RFC 3339 date-times with upper-case T and Z. */
function dates(el: XmlElement, where: string, names: string[], reasons: Reasons): void {
  for (const name of names) {
    for (const date of children(el, name)) {
      if (!isRfc3339(text(date))) reasons.add(where, `<${name}> "${text(date)}" is not an RFC 3339 date-time`);
    }
  }
}

/** §3.1.1: a text construct's type is text, html or xhtml. */
function textConstructs(el: XmlElement, where: string, names: string[], reasons: Reasons): void {
  for (const name of names) {
    for (const node of children(el, name)) {
      const type = attr(node, 'type');
      if (type !== undefined && !TEXT_TYPES.includes(type)) reasons.add(where, `<${name}> has type="${type}" (text, html or xhtml)`);
    }
  }
}

/** §3.2: a person has exactly one name. */
function persons(el: XmlElement, where: string, reasons: Reasons): void {
  for (const name of ['author', 'contributor']) {
    for (const person of children(el, name)) {
      if (children(person, 'name').length !== 1) reasons.add(where, `<${name}> must have exactly one <name>`);
    }
  }
}

/** §4.2.7: links need an href (absolute here, since feeds travel away from their URL); one alternate per type and language. */
function links(el: XmlElement, where: string, reasons: Reasons): void {
  const alternates: string[] = [];
  for (const link of children(el, 'link')) {
    const href = attr(link, 'href');
    if (href === undefined) reasons.add(where, '<link> without href');
    else if (!isAbsoluteIri(href)) reasons.add(where, `<link> href "${href}" is not an absolute URL`);
    const rel = attr(link, 'rel') ?? 'alternate';
    if (rel === 'alternate') alternates.push(`${attr(link, 'type') ?? ''} ${attr(link, 'hreflang') ?? ''}`);
  }
  if (duplicates(alternates).length > 0) reasons.add(where, 'more than one rel="alternate" link with the same type and hreflang');
}

/** §4.2.6: an id is an absolute IRI. */
function id(el: XmlElement, where: string, reasons: Reasons): string | undefined {
  const node = children(el, 'id')[0];
  if (node === undefined) return undefined;
  const value = text(node);
  if (!isAbsoluteIri(value)) reasons.add(where, `<id> "${value}" is not an absolute IRI`);
  return value;
}

/** §4.2.2: a category has a term. */
function categories(el: XmlElement, where: string, reasons: Reasons): void {
  for (const category of children(el, 'category')) {
    if (attr(category, 'term') === undefined) reasons.add(where, '<category> without term');
  }
}

function checkEntry(entry: XmlElement, where: string, reasons: Reasons): string | undefined {
  counts(entry, where, ['id', 'title', 'updated'], ['content', 'published', 'rights', 'source', 'summary'], reasons);
  dates(entry, where, ['updated', 'published'], reasons);
  textConstructs(entry, where, ['title', 'summary', 'rights'], reasons);
  persons(entry, where, reasons);
  links(entry, where, reasons);
  categories(entry, where, reasons);
  const content = children(entry, 'content')[0];
  const hasAlternate = children(entry, 'link').some((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  // §4.1.2: no content means the alternate link is the only way to the entry; out-of-line content needs a summary.
  if (content === undefined && !hasAlternate) reasons.add(where, 'has neither <content> nor a rel="alternate" link');
  if (content !== undefined && attr(content, 'src') !== undefined && children(entry, 'summary').length === 0) {
    reasons.add(where, '<content src> without <summary>');
  }
  return id(entry, where, reasons);
}

/** RFC 4287 rules for one Atom Feed Document, as reasons (empty when it passes). */
export function checkAtom(xml: string): string[] {
  const parsed = parseXml(xml);
  if ('error' in parsed) return [parsed.error];
  const reasons = new Reasons();
  const feeds = children(parsed.root, 'feed');
  const feed = feeds[0];
  if (feeds.length !== 1 || feed === undefined) return ['the root element is not <feed>'];
  if (attr(feed, 'xmlns') !== ATOM_NS) reasons.add('feed', `not in the Atom namespace (xmlns="${ATOM_NS}")`);
  counts(feed, 'feed', ['id', 'title', 'updated'], ['generator', 'icon', 'logo', 'rights', 'subtitle'], reasons);
  dates(feed, 'feed', ['updated'], reasons);
  textConstructs(feed, 'feed', ['title', 'subtitle', 'rights'], reasons);
  persons(feed, 'feed', reasons);
  links(feed, 'feed', reasons);
  categories(feed, 'feed', reasons);
  id(feed, 'feed', reasons);
  const entries = children(feed, 'entry');
  const ids = entries.map((entry, i) => {
    const label = text(children(entry, 'id')[0]);
    return checkEntry(entry, `entry ${i + 1}${label === '' ? '' : ` (${label})`}`, reasons);
  });
  // §4.1.1: the feed needs an author unless every entry has one.
  if (children(feed, 'author').length === 0 && entries.some((e) => children(e, 'author').length === 0)) {
    reasons.add('feed', 'no <author>, and not every entry has one');
  }
  for (const dup of duplicates(ids.filter((v): v is string => v !== undefined))) reasons.add('feed', `entry id "${dup}" used more than once`);
  return reasons.list;
}
