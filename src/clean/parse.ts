import { DomHandler, type Document, type Element } from 'domhandler';
import type * as Htmlparser2 from 'htmlparser2';
import { parseFragment, serializeOuter } from 'parse5';
import { adapter as treeAdapter } from 'parse5-htmlparser2-tree-adapter';
import { requireCommonJs } from '../commonjs.js';

/**
 * Bodies are parsed the way browsers parse them (parse5, the HTML standard's tree construction), but
 * parse5 is the slowest step of cleaning. htmlparser2 (the parser sanitize-html uses) is several times
 * faster and builds the very same tree for well-formed markup; it differs where the standard repairs
 * broken markup (`<p><strong>title<p>text`, stray or misnested end tags, tables, forms, raw-text
 * elements). So htmlparser2 parses every body, watching for anything whose tree could differ, and a body
 * in which it sees any such thing is parsed again by parse5. Output is the same either way; only the
 * time differs.
 */

/**
 * htmlparser2's CommonJS build: the copy sanitize-html requires. htmlparser2 ships an ES module build and
 * a CommonJS one, and `import` would load the first beside the second that sanitize-html loads, so every
 * thread that cleans would hold two tokenizers, each compiled and warmed up on its own. One copy parses
 * every body here and again in sanitize-html. (test/commonjs.test.ts checks that both resolve to one file.)
 */
const { Parser } = requireCommonJs('htmlparser2') as typeof Htmlparser2;

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** Elements whose handling by the standard differs from htmlparser2's (or may): such a body goes to parse5. */
const NEEDS_PARSE5 = new Set([
  // Tables: implied tbody, foster parenting, fragment context rules.
  'table', 'caption', 'colgroup', 'col', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th',
  // Forms and their controls: form pointer, implied closes htmlparser2 applies differently. (A `<button>`
  // is read alike: the closes it implies or blocks are judged like any other.)
  'form', 'select', 'option', 'optgroup', 'datalist', 'textarea', 'output', 'keygen',
  // A title's text is RCDATA to the standard, whose entities htmlparser2 reads differently (`<title><&copy`).
  'title',
  // Document-level, templates, foreign content, and the oddities of the standard.
  'html', 'head', 'body', 'frameset', 'frame', 'template', 'math', 'image', 'isindex', 'command', 'bgsound',
  'nobr', 'applet', 'marquee', 'object', 'rb', 'rp', 'rt', 'rtc', 'menuitem',
  // Leading newline dropped by the standard, raw text in one parser and markup in the other.
  'pre', 'listing', 'plaintext', 'xmp', 'noembed', 'noframes',
]);

/** Start tags that close an open `<p>` (in button scope) in the standard. */
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption',
  'figure', 'footer', 'header', 'hgroup', 'main', 'menu', 'nav', 'ol', 'p', 'search', 'section', 'summary', 'ul',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'listing', 'form', 'plaintext', 'table', 'hr', 'xmp', 'li', 'dd', 'dt',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/**
 * End tags for which the standard, like htmlparser2, closes whatever is open above the element (as long
 * as no list, button or heading sits in between, which would change its scope checks).
 */
const CLOSES_ABOVE = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption',
  'figure', 'footer', 'header', 'hgroup', 'main', 'menu', 'nav', 'ol', 'search', 'section', 'summary', 'ul', 'p', 'li', 'dd', 'dt',
]);
/** Elements the standard reopens (reconstructs) after an end tag closed them implicitly, or whose scope rules differ. */
const NOT_CLOSED_ABOVE = new Set([
  'a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'menu', 'button', 'svg',
]);
/**
 * Start tags that end an `<svg>` in the standard (it leaves foreign content for them), and the
 * elements inside an svg whose content one tokenizer reads as raw text and the other as markup.
 * Anything else inside an svg only has to end where the svg ends: cleanItem drops the whole svg.
 */
const LEAVES_SVG = new Set([
  'b', 'big', 'blockquote', 'body', 'br', 'center', 'code', 'dd', 'div', 'dl', 'dt', 'em', 'embed', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'head', 'hr', 'i', 'img', 'li', 'listing', 'menu', 'meta', 'nobr', 'ol', 'p', 'pre', 'ruby', 's', 'small',
  'span', 'strong', 'strike', 'sub', 'sup', 'table', 'tt', 'u', 'ul', 'var', 'font',
  'foreignobject', 'desc', 'title', 'script', 'style', 'textarea', 'xmp', 'math',
]);
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is raw text to parse5 (scripting on) but markup to htmlparser2. */
const RAW_TO_PARSE5 = new Set(['iframe', 'noscript']);
/** Elements whose content is raw text to htmlparser2: inside RAW_TO_PARSE5 they would end it differently. */
const RAW_TO_HTMLPARSER2 = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

/**
 * Start tags the standard processes by its "in head" rules in a template context (cheerio parses a
 * body as a `<template>`'s content), staying in that context: until another start tag comes, it ignores
 * every end tag, where htmlparser2 makes `</p>` an empty paragraph (`<title>a</title></p>`).
 */
const IN_HEAD = new Set(['base', 'basefont', 'bgsound', 'link', 'meta', 'noframes', 'script', 'style', 'template', 'title']);

/**
 * Every `<` that starts a tag in either parser (`<` or `</`, then a letter) must start a tag both
 * tokenizers read the same way: plain names, plainly quoted or unquoted attributes. Matched sticky at
 * each tag start (`endTagsIfAllPlain`).
 */
const PLAIN_TAG = /<[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s"'>/=<`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>|<\/[a-zA-Z][a-zA-Z0-9-]*\s*>/y;
/** Comments and declarations the two tokenizers end differently, NUL characters, script escapes. */
const ODD_MARKUP = /<!-->|<!--->|--!>|<!(?!--)|<\?|<\/(?![a-zA-Z])|\0/;

const isLetter = (code: number): boolean => (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);

/**
 * How many of a body's tag starts are end tags, or undefined when some tag start does not begin a plain
 * tag (PLAIN_TAG) or lies inside the plain tag before it: as a global scan with the pattern would find
 * fewer plain tags than tag starts, since each of its matches begins at a tag start. One pass over the
 * `<`s instead of three global scans, each making an array for every match.
 */
function endTagsIfAllPlain(html: string): number | undefined {
  let endTags = 0;
  let plainUntil = 0;
  for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) {
    const next = html.charCodeAt(at + 1);
    const isEnd = next === 0x2f;
    if (!isLetter(isEnd ? html.charCodeAt(at + 2) : next)) continue;
    if (isEnd) endTags++;
    PLAIN_TAG.lastIndex = at;
    if (at < plainUntil || !PLAIN_TAG.test(html)) return undefined;
    plainUntil = PLAIN_TAG.lastIndex;
  }
  return endTags;
}

/** What htmlparser2 tells its handler of where the current token is (domhandler's ParserInterface). */
interface TokenPosition {
  startIndex: number | null;
  endIndex: number | null;
}

/**
 * A DomHandler that also notes whether the standard could have built a different tree. It keeps its
 * own stack of open element names, mirroring htmlparser2's.
 */
class WatchfulHandler extends DomHandler {
  differs = false;
  explicitCloses = 0;
  ending = false;
  private readonly open: string[] = [];
  /** Elements htmlparser2 closed implicitly since the last tag event; judged at the next one. */
  private implied: string[] = [];
  /** Whether the standard is still in its template context: no start tag but "in head" ones yet (IN_HEAD). */
  private templateContext = true;
  /** The parser, for where its current token starts in `source`. */
  private tokens: TokenPosition | undefined;

  constructor(private readonly source: string) {
    // Elements built by parse5's tree adapter carry their namespace, which parse5's serialiser reads.
    super(null, null, (el: Element) => {
      el.namespace = HTML_NAMESPACE;
    });
  }

  override onparserinit(parser: TokenPosition): void {
    this.tokens = parser;
    super.onparserinit(parser);
  }

  onopentagname(name: string): void {
    // htmlparser2 makes an element of `</p>` and `</br>` that close nothing; in the template context the
    // standard ignores them, and a real start tag other than an "in head" one ends that context.
    const fromEndTag = this.source.startsWith('</', this.tokens?.startIndex ?? -1);
    if (this.templateContext) {
      if (fromEndTag) this.differs = true;
      else if (!IN_HEAD.has(name)) this.templateContext = false;
    }
    // htmlparser2 closes the current element for some start tags (`<p>a<div>`); the standard does the same
    // only for these pairs, and closes elements further down the stack in cases htmlparser2 does not.
    for (const closed of this.implied) {
      const agrees = (closed === 'p' && CLOSES_P.has(name)) || (closed === 'li' && name === 'li') || ((closed === 'dd' || closed === 'dt') && (name === 'dd' || name === 'dt'));
      if (!agrees) this.differs = true;
    }
    this.implied = [];
    if (NEEDS_PARSE5.has(name)) this.differs = true;
    if (LEAVES_SVG.has(name) && this.open.includes('svg')) this.differs = true;
    if (CLOSES_P.has(name) && this.open.includes('p')) this.differs = true;
    if (HEADINGS.has(name) && HEADINGS.has(this.open[this.open.length - 1] ?? '')) this.differs = true;
    if ((name === 'a' || name === 'button') && this.open.includes(name)) this.differs = true;
    if (name === 'li' && this.openAbove('li', ['ul', 'ol', 'menu'])) this.differs = true;
    if ((name === 'dd' || name === 'dt') && (this.openAbove('dd', ['dl']) || this.openAbove('dt', ['dl']))) this.differs = true;
    if ((RAW_TO_HTMLPARSER2.has(name) || RAW_TO_PARSE5.has(name)) && this.open.some((n) => RAW_TO_PARSE5.has(n))) this.differs = true;
    if (RAW_TO_HTMLPARSER2.has(this.open[this.open.length - 1] ?? '')) this.differs = true;
    if (!VOID.has(name)) this.open.push(name);
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    // `<title/>`: the standard ignores the slash and reads raw text after it, htmlparser2 reads markup.
    const end = this.tokens?.endIndex ?? -1;
    if (RAW_TO_HTMLPARSER2.has(name) && this.source.charCodeAt(end) === 0x3e && this.source.charCodeAt(end - 1) === 0x2f) this.differs = true;
    super.onopentag(name, attribs);
  }

  /** Whether `name` is open with none of `boundaries` between it and the current element. */
  private openAbove(name: string, boundaries: readonly string[]): boolean {
    for (let i = this.open.length - 1; i >= 0; i--) {
      const open = this.open[i]!;
      if (open === name) return true;
      if (boundaries.includes(open)) return false;
    }
    return false;
  }

  override onclosetag(name?: string, isImplied?: boolean): void {
    if (name !== undefined) {
      if (isImplied && VOID.has(name)) {
        // htmlparser2 reports a void element closed right after opening it.
      } else if (isImplied && this.open.lastIndexOf('svg') < this.open.length - 1 && this.open.lastIndexOf('svg') >= 0) {
        // Inside an svg (self-closed `<path/>`, or closed by `</svg>`): the svg goes whole, its inside does not matter.
        this.open.pop();
      } else if (isImplied) {
        if (!this.ending) this.implied.push(name);
        // An svg closed other than by its end tag leaves htmlparser2 reading later `<x/>` as self-closed.
        if (name === 'svg' && !this.ending) this.differs = true;
        // Raw text closed by anything but its own end tag (another end tag, the end of the body) is
        // tokenised differently by the two parsers.
        if (RAW_TO_HTMLPARSER2.has(name)) this.differs = true;
        // An iframe or noscript closed by another end tag: parse5 reads on as its raw text, up to its own
        // end tag or the end of the body, where htmlparser2 reads markup after it (`<li><noscript></li><p>`).
        // Closed by the end of the body, what follows is inside it in both, and goes with it.
        if (RAW_TO_PARSE5.has(name) && !this.ending) this.differs = true;
        this.open.pop();
      } else {
        // An end tag that also closed elements above its own: the standard does the same for block end tags
        // over plain elements, and repairs anything else its own way (reopening inline markup, ignoring the tag).
        if (this.implied.length > 0 && (!CLOSES_ABOVE.has(name) || this.implied.some((n) => NOT_CLOSED_ABOVE.has(n)))) this.differs = true;
        // The standard ignores it in the template context, unless it ends an "in head" element's raw text.
        if (this.templateContext && !IN_HEAD.has(name)) this.differs = true;
        this.implied = [];
        this.explicitCloses++;
        if (!VOID.has(name)) this.open.pop();
      }
    }
    super.onclosetag();
  }

  override oncomment(data: string): void {
    if (this.open.some((n) => RAW_TO_PARSE5.has(n))) this.differs = true;
    super.oncomment(data);
  }

  override onprocessinginstruction(name: string, data: string): void {
    this.differs = true;
    super.onprocessinginstruction(name, data);
  }

  override oncdatastart(): void {
    this.differs = true;
    super.oncdatastart();
  }
}

/** The body parsed by htmlparser2, or undefined when parse5 could build a different tree from it (exported for tests). */
export function parseWithHtmlparser2(html: string): Document | undefined {
  if (ODD_MARKUP.test(html)) return undefined;
  // A comment left open at the end: parse5 keeps an empty one, htmlparser2 none.
  if (html.includes('<!--') && html.lastIndexOf('-->') < html.lastIndexOf('<!--') + 4) return undefined;
  if (html.includes('<!--') && /<script/i.test(html)) return undefined;
  const endTags = endTagsIfAllPlain(html);
  if (endTags === undefined) return undefined;
  const handler = new WatchfulHandler(html);
  const parser = new Parser(handler, { decodeEntities: true });
  parser.write(html);
  handler.ending = true;
  parser.end();
  // Every end tag in the source must have closed something: one htmlparser2 ignored may not be ignored by the standard.
  if (handler.differs || handler.explicitCloses !== endTags) return undefined;
  return handler.root;
}

/** Parses an HTML fragment into domhandler nodes, as cheerio's `load(html, { xml: false }, false)` does. */
export function parseBody(html: string): Document {
  // The standard's input preprocessing: CR LF and lone CR become LF. parse5 does it itself.
  const normalized = html.includes('\r') ? html.replace(/\r\n?/g, '\n') : html;
  return parseWithHtmlparser2(normalized) ?? parseWithParse5(html);
}

/** The standard's parse (parse5 with cheerio's tree adapter and options). */
export function parseWithParse5(html: string): Document {
  return parseFragment(html, { treeAdapter, scriptingEnabled: true }) as Document;
}

/** The body serialised as cheerio serialises HTML: each top-level node by parse5, with cheerio's tree adapter. */
export function serializeBody(root: Document): string {
  let html = '';
  for (const node of root.children) html += serializeOuter(node, { treeAdapter });
  return html;
}
