import { createHash } from 'node:crypto';
import { isTag, type AnyNode, type Document, type Element, type ParentNode } from 'domhandler';
import type { Adapter } from '../adapters/types.js';
import type { Item, RawItem } from '../types.js';
import { stripFeedxFooter } from './feedx-footer.js';
import { applyRules, countFired, type FiredRules, type RuleHits } from './rules.js';
import { parseBody, serializeBody } from './parse.js';
import { KEPT_ATTRIBUTES, sanitize } from './sanitize.js';
import { scriptConverter, type ScriptOption } from './script.js';
import { collapseWhitespace, escapeText, plainTitle } from './text.js';
import { absoluteUrl, canonicalAbsoluteUrl, canonicalUrl, unwrapImageProxy } from './urls.js';
import { detachAll, elementsInnermostFirst, empty, textNodes, unwrap } from './walk.js';

export interface CleanOptions {
  images: 'keep' | 'unwrap';
  script: ScriptOption;
  /**
   * When set, items made through adaptEach (the Cleaner: worker pool and clean cache) also get dedup's
   * words of their title and this many characters of their text (Item.terms, dedup/terms.ts).
   */
  leadCharacters?: number;
}

/** The names under which the steps every item gets are counted in RuleHits. */
export const SHARED_RULE_NAMES = ['code and embedded documents', 'feedx footer'] as const;

/** Rules every item gets, whatever its outlet: code, styles and embedded documents never survive. */
const SHARED_DROP = new Set(['script', 'style', 'link', 'meta', 'template', 'noscript', 'object', 'embed', 'applet', 'form', 'svg', 'math', 'button', 'input', 'select', 'textarea']);

/** Elements that are content even when they hold no text. */
const CONTENTFUL = new Set(['img', 'video', 'audio', 'iframe', 'br', 'hr', 'source', 'td', 'th']);
const URL_ATTRIBUTES = ['href', 'src', 'poster', 'cite'];

/** A body that is one attribute-less `<div>` (as some feeds write it): the wrapper carries no meaning. */
function unwrapSoleWrapper(root: ParentNode): void {
  const top = root.children.filter((n) => n.type !== 'text' || n.data.trim() !== '');
  const only = top[0];
  if (top.length === 1 && only !== undefined && isTag(only) && only.name === 'div' && only.attribs['class'] === undefined) unwrap(only);
}

/**
 * Code, styles and embedded documents go (SHARED_DROP, by element name, so one walk does it) and iframes
 * are emptied. Returns whether anything was dropped. (Exported for the parser tests, which compare trees after this step.)
 */
export function dropSharedAndEmptyIframes(root: ParentNode): boolean {
  const dropped: Element[] = [];
  const visit = (parent: ParentNode): void => {
    for (const child of parent.children) {
      if (!isTag(child)) continue;
      if (SHARED_DROP.has(child.name)) dropped.push(child);
      // An iframe's content (VOA's fallback `<a>YouTube</a>`) is raw text to parse5 but markup to the
      // sanitizer's htmlparser2; emptied, both read the same thing, and the fallback never reaches the plain text.
      else if (child.name === 'iframe') empty(child);
      else visit(child);
    }
  };
  visit(root);
  detachAll(dropped);
  return dropped.length > 0;
}

/** Every URL attribute made absolute against the item link and canonical; images unwrapped by option. */
function rewriteUrls(root: Document, base: string | undefined, images: CleanOptions['images']): void {
  for (const el of elementsInnermostFirst(root)) {
    for (const attr of URL_ATTRIBUTES) {
      const raw = el.attribs[attr];
      if (raw === undefined) continue;
      let url = canonicalAbsoluteUrl(raw, base);
      if (url === undefined) {
        delete el.attribs[attr];
        continue;
      }
      if (images === 'unwrap' && (attr === 'src' || attr === 'poster')) url = unwrapImageProxy(url);
      el.attribs[attr] = url;
    }
  }
}

/**
 * Attributes the sanitizer's allowlist does not keep are removed before serialising: feeds carry many
 * (class, style, data-*), and writing them out only for sanitize-html to parse and drop them again was a
 * good part of its time. Output is unchanged: sanitize-html still checks every attribute left, and the
 * ones it sets (rel, sandbox, loading) are kept, so they stay where the source had them.
 */
function dropAttributesTheSanitizerDrops(root: Document): void {
  for (const el of elementsInnermostFirst(root)) {
    const allowed = KEPT_ATTRIBUTES[el.name];
    for (const name of Object.keys(el.attribs)) if (allowed === undefined || !allowed.includes(name)) delete el.attribs[name];
  }
}

/**
 * Elements left with no text and nothing contentful inside are noise (`<p> </p>`, emptied wrappers,
 * `<a href="/a/1.html"></a>`). Innermost first, so a wrapper emptied by its children's removal goes too.
 */
function removeEmptyElements(root: Document): void {
  const kept = new Set<AnyNode>();
  const removed = new Set<Element>();
  for (const el of elementsInnermostFirst(root)) {
    // An element removed here is never kept, so its parent reads it as gone before it is detached.
    const keep =
      CONTENTFUL.has(el.name) ||
      el.children.some((child) => (child.type === 'text' ? !BLANK.test(child.data) : kept.has(child) && !(child.type === 'tag' && child.name === 'br')));
    if (keep) kept.add(el);
    else removed.add(el);
  }
  // Only the outermost: the others go with them.
  detachAll([...removed].filter((el) => !removed.has(el.parent as Element)));
}

const BLANK = /^[\s\u00a0\u202f]*$/;

/** Blocks whose leading and trailing whitespace a reader never sees, so it is trimmed. */
const TRIMMED_BLOCKS = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption', 'blockquote', 'td', 'th']);

/** Whitespace runs in text become one space, trimmed at block edges; text becomes the chosen script. */
function normalizeText(root: Document, convert: (text: string) => string): void {
  for (const node of textNodes(root)) node.data = convert(node.data.replace(/[\s\u00a0\u202f]+/g, ' '));
  // A block's first and last text may sit inside inline markup (`<p><strong> 导语 </strong></p>`).
  for (const el of elementsInnermostFirst(root)) {
    if (!TRIMMED_BLOCKS.has(el.name)) continue;
    const nodes = textNodes(el);
    for (const node of nodes) {
      node.data = node.data.trimStart();
      if (node.data !== '') break;
    }
    for (const node of nodes.reverse()) {
      node.data = node.data.trimEnd();
      if (node.data !== '') break;
    }
  }
}

/** The stable id of an item: its canonical link, or its text when it has no link. */
export function itemId(link: string | undefined, text: string): string {
  const key = link ?? `text:${text.slice(0, 2000)}`;
  return `urn:huiliu:item:${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

const LINE_BLOCKS = new Set(['p', 'div', 'li', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption', 'blockquote']);

/** Plain text of the cleaned body, one line per block, for dedup and summaries. */
function plainText(root: Document): string {
  const parts: string[] = [];
  const visit = (node: AnyNode): void => {
    if (node.type === 'text') parts.push(node.data);
    else if (node.type === 'tag' && node.name === 'br') parts.push('\n');
    if ('children' in node) for (const child of node.children) visit(child);
    if (node.type === 'tag' && LINE_BLOCKS.has(node.name)) parts.push('\n');
  };
  visit(root);
  return parts
    .join('')
    .split('\n')
    .map(collapseWhitespace)
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * One raw item → one clean Item: the adapter lifts metadata and applies its rules, then the shared steps
 * (footer, URLs, empties, whitespace) run, and the sanitizer has the last word.
 */
export function cleanItem(raw: RawItem, adapter: Adapter, channel: string, options: CleanOptions, hits: RuleHits): Item {
  const convert = scriptConverter(options.script);
  const link = raw.link === undefined ? undefined : canonicalUrl(absoluteUrl(raw.link, undefined) ?? raw.link);
  const html =
    raw.bodyFormat === 'text'
      ? (adapter.textToHtml?.(raw.body) ?? raw.body.split(/\n{2,}/).map((p) => `<p>${escapeText(p)}</p>`).join(''))
      : raw.body;
  const root = parseBody(html);

  const fired: FiredRules = new Set();
  unwrapSoleWrapper(root);
  if (dropSharedAndEmptyIframes(root)) fired.add(SHARED_RULE_NAMES[0]);
  const prefix = `${adapter.id}: `;
  const lifted = adapter.lift?.(root) ?? {};
  if (lifted.published) fired.add(`${prefix}date line`);
  if (lifted.author) fired.add(`${prefix}byline`);
  if (stripFeedxFooter(root)) fired.add(SHARED_RULE_NAMES[1]);
  applyRules(root, adapter.rules, prefix, fired);
  for (const [name, rewrite] of Object.entries(adapter.rewrites ?? {})) if (rewrite(root) > 0) fired.add(`${prefix}${name}`);
  rewriteUrls(root, link, options.images);
  removeEmptyElements(root);
  normalizeText(root, convert);
  dropAttributesTheSanitizerDrops(root);
  countFired(hits, fired);

  const text = plainText(root);
  const rawTitle = raw.title === undefined ? '' : plainTitle(raw.title, adapter.rules.titleSuffixes);
  const title = convert(rawTitle !== '' ? rawTitle : (adapter.deriveTitle?.(text) ?? text.slice(0, 40)));
  return {
    id: itemId(link, text),
    sourceId: raw.sourceId,
    outlet: adapter.outlet,
    channel,
    link,
    title,
    author: raw.author ?? lifted.author,
    published: raw.published ?? lifted.published,
    contentHtml: sanitize(serializeBody(root)),
    text,
  };
}
