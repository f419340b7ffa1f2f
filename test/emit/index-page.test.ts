import { describe, expect, it } from 'vitest';
import { renderIndexPage, type IndexPage } from '../../src/emit/index-page.js';

const page: IndexPage = {
  title: '汇流 <b>test</b>',
  subtitle: 'Each story once',
  updated: new Date('2021-04-15T15:00:00Z'),
  icon: 'icon.svg',
  opml: 'feeds.opml',
  feeds: [
    { title: 'Merged "all"', href: 'merged.atom', type: 'application/atom+xml', label: 'Atom' },
    { title: 'Merged "all"', href: 'merged.rss', type: 'application/rss+xml', label: 'RSS' },
  ],
  stories: [
    {
      title: '<script>alert(1)</script> & 克里',
      link: 'https://www.voachinese.com/a/1.html?x=1&y="2"',
      reports: [{ outlet: '美国之音', link: 'https://www.voachinese.com/a/1.html' }, { outlet: '新京报' }],
      published: new Date('2021-04-15T13:59:02Z'),
      updated: new Date('2021-04-15T15:00:00Z'),
      excerpt: '美国气候特使<克里>抵达上海。',
    },
  ],
};

describe('renderIndexPage', () => {
  const html = renderIndexPage(page);

  it('escapes every text and attribute value', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>test</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; 克里');
    expect(html).toContain('href="https://www.voachinese.com/a/1.html?x=1&amp;y=&quot;2&quot;"');
    expect(html).toContain('美国气候特使&lt;克里&gt;抵达上海。');
  });

  it('has an autodiscovery link per feed, the outlets, the time, and a theme for dark mode without scripts', () => {
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Merged &quot;all&quot;" href="merged.atom">');
    expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="Merged &quot;all&quot;" href="merged.rss">');
    expect(html).toContain('<a href="https://www.voachinese.com/a/1.html">美国之音</a> · 新京报');
    expect(html).toContain('<li>Merged &quot;all&quot;: <a href="merged.atom">Atom</a> · <a href="merged.rss">RSS</a></li>');
    expect(html).toContain('<time datetime="2021-04-15T13:59:02.000Z">2021-04-15 13:59 UTC</time>');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).not.toMatch(/<script/i);
  });
});
