import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sanitize } from '../../src/clean/sanitize.js';
import { sharedData } from '../helpers/shared-data.js';
import { unsafeIn } from '../helpers/unsafe-html.js';

interface Vector {
  name?: string;
  id?: string;
  html: string;
}

const owasp = JSON.parse(
  readFileSync(new URL('../fixtures/xss/owasp-filter-evasion.json', import.meta.url), 'utf8'),
) as { vectors: Vector[] };

describe('sanitize: what the allowlist keeps', () => {
  const cases: Array<[string, string, string]> = [
    ['keeps article markup', '<p>一段<strong>文字</strong>，<a href="https://example.com/a">链接</a></p>', '<p>一段<strong>文字</strong>，<a href="https://example.com/a" rel="noopener noreferrer">链接</a></p>'],
    ['keeps a figure with its caption and credit', '<figure><img src="https://example.com/a.jpg" alt="图"><figcaption>说明<cite>摄影</cite></figcaption></figure>', '<figure><img src="https://example.com/a.jpg" alt="图" loading="lazy" /><figcaption>说明<cite>摄影</cite></figcaption></figure>'],
    ['drops presentational attributes', '<p class="x" style="color:red" align="center">文字</p><img src="https://example.com/a.jpg" width="100%">', '<p>文字</p><img src="https://example.com/a.jpg" loading="lazy" />'],
    ['drops script with its text', '<p>前</p><script>alert(1)</script><p>后</p>', '<p>前</p><p>后</p>'],
    ['drops a javascript: link but keeps its text', '<a href="javascript:alert(1)">点我</a>', '<a rel="noopener noreferrer">点我</a>'],
    ['keeps a YouTube embed, sandboxed', '<iframe src="https://www.youtube.com/embed/x"></iframe>', '<iframe src="https://www.youtube.com/embed/x" sandbox="allow-scripts allow-same-origin allow-popups" loading="lazy"></iframe>'],
    ['drops an iframe from any other host', '<iframe src="https://evil.example/x"></iframe><p>文</p>', '<p>文</p>'],
    ['drops an image with no usable source', '<img src="javascript:alert(1)"><p>文</p>', '<p>文</p>'],
    ['turns h1 into h2 (the entry title is the h1)', '<h1>标题</h1>', '<h2>标题</h2>'],
  ];
  for (const [name, input, output] of cases) {
    it(name, () => expect(sanitize(input)).toBe(output));
  }
});

describe('sanitize: hostile input never yields anything that can run code', () => {
  it(`stops all ${owasp.vectors.length} OWASP filter-evasion cheat-sheet vectors`, () => {
    expect(owasp.vectors.length).toBeGreaterThanOrEqual(80);
    const leaks = owasp.vectors.flatMap((v) => {
      const problem = unsafeIn(sanitize(v.html));
      return problem === undefined ? [] : [`${v.name}: ${problem}`];
    });
    expect(leaks).toEqual([]);
  });

  const vectorsFile = sharedData('xss-vectors/vectors.json');
  it.skipIf(!vectorsFile)('stops all 319 vectors of ../shared/xss-vectors (Miniflux, Universal Feed Parser, DOMPurify)', () => {
    const { vectors } = JSON.parse(readFileSync(vectorsFile!, 'utf8')) as { vectors: Vector[] };
    expect(vectors).toHaveLength(319);
    const leaks = vectors.flatMap((v) => {
      const problem = unsafeIn(sanitize(v.html));
      return problem === undefined ? [] : [`${v.id}: ${problem}`];
    });
    expect(leaks).toEqual([]);
    expect(vectors.filter((v) => v.id?.startsWith('feedparser-')).length).toBeGreaterThan(50);
  });

  it('the check itself finds what it must find', () => {
    expect(unsafeIn('<p onclick="x()">a</p>')).toMatch(/event handler/);
    expect(unsafeIn('<a href="jav&#x09;ascript:alert(1)">a</a>')).toMatch(/script URL/);
    expect(unsafeIn('<a href="data:text/html,x">a</a>')).toMatch(/data URL/);
    expect(unsafeIn('<img src="data:image/png;base64,AAAA">')).toBeUndefined();
    expect(unsafeIn('<svg><script>1</script></svg>')).toMatch(/element/);
    expect(unsafeIn('<p style="x">a</p>')).toMatch(/style/);
    expect(unsafeIn('<iframe src="https://evil.example/"></iframe>')).toMatch(/iframe/);
  });

  /** Tag soup built from the pieces attacks are made of: dangerous names, handlers, schemes, broken syntax. */
  const piece = fc.oneof(
    fc.constantFrom(
      '<', '>', '</', '/>', '"', "'", '`', '=', ' ', '\t', '\n', '&#x09;', '&#106;', '&colon;', '<!--', '-->', '<![CDATA[', ']]>',
      'script', 'SCRIPT', 'style', 'svg', 'math', 'iframe', 'object', 'embed', 'form', 'img', 'a', 'p', 'noscript', 'template', 'xmp', 'textarea', 'title',
      'onerror', 'onload', 'ONCLICK', 'src', 'href', 'style=', 'xlink:href', 'formaction', 'srcset',
      'javascript:', 'java\u0000script:', 'vbscript:', 'data:text/html,', 'data:image/png,', 'alert(1)', 'https://www.youtube.com/embed/x',
    ),
    fc.string({ maxLength: 4 }),
  );
  it('never emits script, handlers or script URLs for arbitrary tag soup (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const html = pieces.join('');
        expect(unsafeIn(sanitize(html)), html).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });
});
