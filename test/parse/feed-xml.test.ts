import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseFeedXml } from '../../src/parse/feed-xml.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

describe('parseFeedXml', () => {
  it('reads RSS 2.0 with a CDATA description and an RFC 822 pubDate', () => {
    const [first, second] = parseFeedXml(fixture('rss2-feedx-cdata.xml'), 'voa');
    expect(first).toMatchObject({
      sourceId: 'voa',
      title: '克里抵达上海，拜登寻求美中合作的首次努力面临考验',
      link: 'https://www.voachinese.com/a/kerry-shanghai/5854181.html',
      bodyFormat: 'html',
    });
    expect(first!.published?.toISOString()).toBe('2021-04-15T13:59:02.000Z');
    expect(first!.body).toMatch(/^<div><i>Thu, 15 Apr 2021 13:23:59 GMT<\/i><\/div><p>北京周四/);
    expect(first!.body).toContain('获取更多RSS');
    // The XML layer decodes once; the upstream double escape survives for the title cleaner.
    expect(second!.title).toBe('第二条 &#21328; 与 &#039;引号&#039;');
    expect(second!.author).toBe('VOA 记者');
  });

  it('prefers content:encoded over description, decodes an entity-escaped body, reads dc:date and dc:creator', () => {
    const [item] = parseFeedXml(fixture('rss2-escaped-content-encoded.xml'), 'dw');
    expect(item!.body).toBe(
      '<p>(德国之声中文网）美国国务院30日发布公开声明。</p><p><em>© 2021年德国之声版权声明：本文所有内容受到着作权法保护，如无德国之声特别授权，不得擅自使用。</em></p>',
    );
    expect(item!.published?.toISOString()).toBe('2021-08-31T04:17:04.000Z');
    expect(item!.author).toBe('德国之声中文网');
  });

  it('reads Atom 1.0: the alternate link among others, published before updated, author, html and xhtml content', () => {
    const [first, second] = parseFeedXml(fixture('atom-entries.xml'), 'nyt');
    expect(first).toMatchObject({
      title: '美国气候特使克里将访问中国',
      link: 'https://cn.nytimes.com/usa/20230707/john-kerry-china-climate/',
      author: 'Lisa Friedman',
      guid: 'urn:example:nyt:1',
      body: '<p>华盛顿——拜登总统的气候变化特使约翰·克里周四表示。</p>',
    });
    expect(first!.published?.toISOString()).toBe('2023-07-07T05:07:02.000Z');
    expect(second!.link).toBe('https://cn.nytimes.com/world/2/');
    expect(second!.published?.toISOString()).toBe('2023-07-08T00:00:00.000Z');
    expect(second!.body).toContain('<p>内联 XHTML 正文。</p>');
  });

  it('reads RSS 1.0 (RDF) items with dc:date in another zone', () => {
    const [item] = parseFeedXml(fixture('rdf-rss10.xml'), 'rfi');
    expect(item).toMatchObject({ title: '中美气候特使今线上会谈', link: 'http://www.rfi.fr//cn/a?utm_source=feed', author: 'RFI' });
    expect(item!.published?.toISOString()).toBe('2021-03-23T09:20:00.000Z');
    expect(item!.body).toBe('<div>23/03/2021 - 10:20</div><p>今天，美国气候特使克里将与解振华一同参加会议。</p>');
  });

  it('refuses malformed XML with a UserError naming the line', () => {
    expect(() => parseFeedXml(fixture('malformed.xml'), 'x')).toThrow(UserError);
    expect(() => parseFeedXml(fixture('malformed.xml'), 'x')).toThrow(/malformed XML at line \d+/);
  });

  it('refuses an entity-expansion bomb instead of expanding it', () => {
    const before = process.memoryUsage().heapUsed;
    expect(() => parseFeedXml(fixture('entity-bomb.xml'), 'x')).toThrow(UserError);
    // Expanded, the bomb would be 90 × 20⁴ × 5 ≈ 72 MB of text; refused, the heap barely moves.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it.each([
    ['character aliases', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "&#160;"><!ENTITY copy "&#xA9;">]><rss version="2.0"><channel><item><title>a&nbsp;b</title></item></channel></rss>'],
    ['plain text entities', `<!DOCTYPE rss [<!ENTITY site 'feedx'>]><rss version="2.0"><channel><item><title>&site;</title></item></channel></rss>`],
  ])('lets a DOCTYPE with %s through', (_what, xml) => {
    expect(parseFeedXml(xml, 'x')).toHaveLength(1);
  });

  it('reads a large entity-escaped feed: the entity limits are for declared entities, not &lt;', () => {
    const body = '<div><p><span>北京周四宣布&amp;“新措施”</span></p></div>'.repeat(60);
    const escaped = body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const item = (n: number) => `<item><title>第${n}条</title><link>https://www.voachinese.com/a/${n}.html</link><description>${escaped}</description></item>`;
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${Array.from({ length: 100 }, (_, n) => item(n)).join('')}</channel></rss>`;
    const items = parseFeedXml(xml, 'voa');
    expect(items).toHaveLength(100);
    expect(items[99]!.body).toBe(body);
  });

  it('refuses XML that is not a feed', () => {
    expect(() => parseFeedXml('<?xml version="1.0"?><html><body/></html>', 'x')).toThrow(/not a feed/);
  });
});
