import { load, type CheerioAPI } from 'cheerio';
import { createHash } from 'node:crypto';
import type { Element } from 'domhandler';
import type { Adapter } from '../adapters/types.js';
import type { Item, RawItem } from '../types.js';
import { stripFeedxFooter } from './feedx-footer.js';
import { applyRules, type RuleHits } from './rules.js';
import { sanitize } from './sanitize.js';
import { scriptConverter, type ScriptOption } from './script.js';
import { collapseWhitespace, escapeText, plainTitle } from './text.js';
import { absoluteUrl, canonicalUrl, unwrapImageProxy } from './urls.js';

export interface CleanOptions {
  images: 'keep' | 'unwrap';
  script: ScriptOption;
}

/** Rules every item gets, whatever its outlet: code, styles and embedded documents never survive. */
const SHARED_DROP = 'script, style, link, meta, template, noscript, object, embed, applet, form, svg, math, button, input, select, textarea';

/** Elements that are content even when they hold no text. */
const CONTENTFUL = new Set(['img', 'video', 'audio', 'iframe', 'br', 'hr', 'source', 'td', 'th']);
const URL_ATTRIBUTES = ['href', 'src', 'poster', 'cite'];

/** The mirror bots wrap the whole body in one `<div>`; it carries no meaning. */
function unwrapSoleWrapper($: CheerioAPI): void {
  const top = $.root().contents().filter((_, n) => n.type !== 'text' || n.data.trim() !== '');
  if (top.length === 1 && top.first().is('div') && top.first().attr('class') === undefined) {
    top.first().replaceWith(top.first().contents());
  }
}

function rewriteUrls($: CheerioAPI, base: string | undefined, images: CleanOptions['images']): void {
  for (const attr of URL_ATTRIBUTES) {
    $(`[${attr}]`).each((_, el) => {
      const node = $(el);
      const raw = node.attr(attr)!;
      const absolute = absoluteUrl(raw, base);
      if (absolute === undefined) {
        node.removeAttr(attr);
        return;
      }
      let url = canonicalUrl(absolute);
      if (images === 'unwrap' && (attr === 'src' || attr === 'poster')) url = unwrapImageProxy(url);
      node.attr(attr, url);
    });
  }
}

/** Elements left with no text and nothing contentful inside are noise (`<p> </p>`, emptied wrappers). */
function removeEmptyElements($: CheerioAPI): void {
  $('*')
    .get()
    .reverse()
    .forEach((el) => {
      if (el.type !== 'tag' || CONTENTFUL.has((el as Element).name)) return;
      const node = $(el);
      if (node.text().replace(/[\s\u00a0\u202f]/g, '') !== '') return;
      if (node.find([...CONTENTFUL].join(',')).not('br').length > 0) return;
      node.remove();
    });
}

/** Whitespace runs in text become one space; text becomes the chosen script. */
function normalizeText($: CheerioAPI, convert: (text: string) => string): void {
  $('*')
    .add($.root())
    .contents()
    .each((_, node) => {
      if (node.type !== 'text') return;
      node.data = convert(node.data.replace(/[\s\u00a0\u202f]+/g, ' '));
    });
}

/** The stable id of an item: its canonical link, or its text when it has no link. */
export function itemId(link: string | undefined, text: string): string {
  const key = link ?? `text:${text.slice(0, 2000)}`;
  return `urn:huiliu:item:${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** Plain text of the cleaned body, one line per block, for dedup and summaries. */
function plainText($: CheerioAPI): string {
  const copy = $.root().clone();
  copy.find('br').replaceWith('\n');
  copy.find('p, div, li, h2, h3, h4, h5, h6, figcaption, blockquote').after('\n');
  return copy
    .text()
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
  const $ = load(html, { xml: false }, false);

  unwrapSoleWrapper($);
  const dropped = $(SHARED_DROP);
  if (dropped.length) hits['drop code and embedded documents'] = (hits['drop code and embedded documents'] ?? 0) + dropped.length;
  dropped.remove();
  const lifted = adapter.lift?.($) ?? {};
  if (stripFeedxFooter($)) hits['feedx footer'] = (hits['feedx footer'] ?? 0) + 1;
  applyRules($, adapter.rules, hits);
  adapter.rewrite?.($);
  rewriteUrls($, link, options.images);
  removeEmptyElements($);
  normalizeText($, convert);

  const text = plainText($);
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
    contentHtml: sanitize($.html()),
    text,
  };
}
