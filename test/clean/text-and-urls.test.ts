import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { stripFeedxFooter } from '../../src/clean/feedx-footer.js';
import { plainTitle } from '../../src/clean/text.js';
import { absoluteUrl, canonicalUrl, unwrapImageProxy } from '../../src/clean/urls.js';

describe('plainTitle', () => {
  const cases: Array<[string, string]> = [
    ['  美国宣布制裁  ', '美国宣布制裁'],
    ['蓬佩奥指责中国是&quot;掠夺者&quot;', '蓬佩奥指责中国是"掠夺者"'],
    ['Biden&#039;s pick', "Biden's pick"],
    // The XML layer has decoded `&amp;#21328;` to `&#21328;`; one more decoding gives the character.
    ['中美关系&#21328;紧张', '中美关系卐紧张'],
    // Decoded exactly once: an escaped ampersand stays one ampersand, never a second entity.
    ['AT&amp;amp;T', 'AT&amp;T'],
    ['<b>加粗</b> 标题', '加粗 标题'],
    // Control characters would make the Atom output invalid XML.
    ['标题\u0001&#x2;\u0085', '标题'],
  ];
  for (const [raw, want] of cases) it(`${JSON.stringify(raw)} → ${JSON.stringify(want)}`, () => expect(plainTitle(raw)).toBe(want));

  it('cuts a site suffix', () => {
    expect(plainTitle('新冠疫情 – 法国国际广播电台 - RFI', [/\s*[–-]\s*法国国际广播电台\s*-\s*RFI\s*$/])).toBe('新冠疫情');
  });
});

describe('URLs', () => {
  it('collapses // in paths and drops tracking parameters, keeping the others', () => {
    expect(canonicalUrl('http://www.rfi.fr//cn/a?utm_source=x&id=3&fbclid=y')).toBe('http://www.rfi.fr/cn/a?id=3');
  });

  it('resolves relative links against the item link', () => {
    expect(absoluteUrl('/a/7962428.html', 'https://www.voachinese.com/a/x/1.html')).toBe('https://www.voachinese.com/a/7962428.html');
    expect(absoluteUrl('  ', 'https://www.voachinese.com/')).toBeUndefined();
  });

  it('unwraps both forms of the images.weserv.nl proxy to https', () => {
    expect(unwrapImageProxy('https://images.weserv.nl/?url=static.dw.com/image/1_303.jpg')).toBe('https://static.dw.com/image/1_303.jpg');
    expect(unwrapImageProxy('https://images.weserv.nl?url=gdb.voanews.com/a.jpg')).toBe('https://gdb.voanews.com/a.jpg');
    expect(unwrapImageProxy('https://s.rfi.fr/media/a.jpg')).toBe('https://s.rfi.fr/media/a.jpg');
  });
});

describe('stripFeedxFooter', () => {
  const footers: Array<[string, string]> = [
    ['with <br><hr>, feedx.net and feedx.xyz', '<p>正文。</p><br><hr><div>获取更多RSS：<br><a href="https://feedx.net">https://feedx.net</a> <br><a href="https://feedx.xyz">https://feedx.xyz</a><br></div>'],
    ['after U+00A0, on another mirror', '<p>正文。</p>\u00a0 <br><hr><div>获取更多RSS：<br><a href="https://feedx.best">https://feedx.best</a></div>'],
    ['bare, without <hr>', '<p>正文。</p><div>获取更多RSS：<a href="https://feedx.site">https://feedx.site</a></div>'],
  ];
  for (const [name, html] of footers) {
    it(`removes the footer ${name}`, () => {
      const $ = load(html, null, false);
      expect(stripFeedxFooter($.root()[0]!)).toBe(true);
      expect($.html()).toBe('<p>正文。</p>');
    });
  }

  it('leaves an item without a footer alone', () => {
    const $ = load('<p>正文。</p><hr><p>更多</p>', null, false);
    expect(stripFeedxFooter($.root()[0]!)).toBe(false);
    expect($.html()).toBe('<p>正文。</p><hr><p>更多</p>');
  });
});
