import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import type { Document } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { parseBody, parseWithHtmlparser2, parseWithParse5, serializeBody } from '../../src/clean/parse.js';
import { dropSharedAndEmptyIframes } from '../../src/clean/index.js';
import { parseDocument } from '../../src/parse/index.js';
import { readRealDocuments } from '../helpers/real-feeds.js';
import { sharedData } from '../helpers/shared-data.js';

/**
 * parseBody takes htmlparser2's tree only when parse5 (the HTML standard) would build the same one.
 * Compared after cleanItem's first step, which drops code and embedded documents and empties iframes
 * (their content is raw text to parse5, markup to htmlparser2).
 */
function serialized(root: Document): string {
  dropSharedAndEmptyIframes(root);
  return serializeBody(root);
}

const sameAsParse5 = (html: string): boolean => serialized(parseBody(html)) === serialized(parseWithParse5(html));

const owasp = JSON.parse(readFileSync(new URL('../fixtures/xss/owasp-filter-evasion.json', import.meta.url), 'utf8')) as {
  vectors: Array<{ html: string }>;
};

describe('parseBody', () => {
  it('parses well-formed bodies with htmlparser2', () => {
    const body = '<button class="m-button"><svg viewBox="0 0 1 1"><path d="M0 0"/><g><rect/></svg>继续</button><div><i>KONEY BAI<br>2020-07-22 05:30:00</i></div><p>一段&amp;<strong>文字</strong></p><img src="a.jpg"><div><small>说明</small></div><ul><li>甲<li>乙</ul><p>丙<div>丁</div>';
    expect(parseWithHtmlparser2(body)).toBeDefined();
    expect(sameAsParse5(body)).toBe(true);
  });

  it.each([
    ['a paragraph opened inside inline markup', '<p><strong>标题<p>正文</p></strong></p>'],
    ['a stray end tag before any start tag', '</p><p>文</p>'],
    ['misnested inline markup', '<p><b>一<i>二</b>三</i></p>'],
    ['an end tag closing inline markup the standard reopens', '<div><b>文</div>后'],
    ['raw text left open', '<title/><p>文'],
    ['a table without tbody', '<table><tr><td>1</td></tr></table>'],
    ['a heading opened inside a heading', '<h2>一<h3>二</h3></h2>'],
    ['an ignored heading end tag', '<h3>一</h2>二'],
    ['a link inside a link', '<a href="/1">一<a href="/2">二</a></a>'],
    ['a list item in a paragraph', '<p>一<li>二</li></p>'],
    ['a self-closed svg', '<svg/><p/>文'],
    ['markup that ends an svg in the standard', '<svg><path/><p>文</p></svg>'],
    ['an svg closed by the end tag of its parent', '<div><svg><path></div><br/>文'],
    ['an unterminated comment', '文<!--'],
    ['a comment inside an iframe', '<iframe><!--</iframe>--></iframe><p>文</p>'],
    // Found by the fast-check property below (seed -1926850908).
    ['a noscript closed by the end tag of its parent', `<li/><noscript class="x" title='a&amp;b'></li><p>`],
    ['an iframe closed by the end tag of its parent', '<div><iframe></div><p>文</p>'],
    // Found by the same property, run 300,000 times.
    ['an end tag after nothing but a title', '<title/></title></p>'],
    ['an end tag after a style and text', '<style>p{}</style>文</p>'],
    ['an end tag after a comment', '<!--<p/>--></p>'],
    ['a self-closed title closed later', '<title/><!--c--></title>'],
    ['an entity after a < in a title', "<title class=\"x\" title='a&amp;b'><&copy</title>"],
    ['a leading newline in pre', '<pre>\n代码</pre>'],
    ['odd tag syntax', '<a href="x"b>文</a><p =x>'],
    ['a tag start inside a quoted attribute', `<p title="<i>">文</p><a title='x<b'>文</a>`],
  ])('leaves %s to parse5', (_, html) => {
    expect(parseWithHtmlparser2(html)).toBeUndefined();
    expect(sameAsParse5(html)).toBe(true);
  });

  it('reads CR LF as the standard does', () => {
    expect(sameAsParse5('<p title="a\r\nb">一\r\n二\r三</p>')).toBe(true);
  });

  it(`builds parse5's tree for all ${owasp.vectors.length} OWASP filter-evasion vectors`, () => {
    expect(owasp.vectors.filter((v) => !sameAsParse5(v.html))).toEqual([]);
  });

  const vectorsFile = sharedData('xss-vectors/vectors.json');
  it.skipIf(!vectorsFile)("builds parse5's tree for all 319 vectors of ../shared/xss-vectors", () => {
    const { vectors } = JSON.parse(readFileSync(vectorsFile!, 'utf8')) as { vectors: Array<{ html: string }> };
    expect(vectors.filter((v) => !sameAsParse5(v.html))).toEqual([]);
  });

  const realDir = sharedData('real-feeds');
  it.skipIf(!realDir)("builds parse5's tree for every real feedx body, most of them with htmlparser2", () => {
    const bodies = readRealDocuments(realDir!).flatMap((doc) => parseDocument(doc, 'real').map((raw) => raw.body));
    expect(bodies.filter((body) => !sameAsParse5(body))).toEqual([]);
    expect(bodies.filter((body) => parseWithHtmlparser2(body) !== undefined).length).toBeGreaterThan(bodies.length * 0.9);
  });

  /** Markup soup: the tags feeds use and the ones the standard treats specially, nested and misnested at random. */
  const tag = fc.constantFrom(
    'p', 'div', 'span', 'strong', 'b', 'i', 'em', 'a', 'li', 'ul', 'ol', 'h2', 'h3', 'small', 'blockquote', 'figure', 'figcaption',
    'br', 'img', 'hr', 'iframe', 'noscript', 'table', 'tr', 'td', 'button', 'svg', 'path', 'script', 'style', 'title', 'section', 'dd', 'dl', 'pre', 'font',
  );
  const piece = fc.oneof(
    tag.map((name) => `<${name}>`),
    tag.map((name) => `</${name}>`),
    tag.map((name) => `<${name} class="x" title='a&amp;b'>`),
    tag.map((name) => `<${name}/>`),
    fc.constantFrom('文字', ' ', '\n', '&amp;', '&nbsp;', '&copy', '&#20013;', '<', '>', '&', '"', '<!--c-->', '<!--', '-->', '\r\n', '<!doctype html>', '</>'),
  );
  it("builds parse5's tree for arbitrary tag soup (fast-check)", () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => sameAsParse5(pieces.join(''))), { numRuns: 3000 });
  });
});
