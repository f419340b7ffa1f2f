import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/index.js';
import { isSnapshotDocument, parseSnapshot } from '../../src/parse/snapshot.js';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');

describe('parseSnapshot', () => {
  it('reads the <!--ms--> header, the [title](link) line and the body after ------', () => {
    const item = parseSnapshot(seed('003_5eb1b2106f1fcec7.txt'), 'seeds');
    expect(item.title).toBe('克里抵达上海，拜登寻求美中合作的首次努力面临考验');
    expect(item.link).toBe(
      'https://www.voachinese.com/a/Kerry-visitsing-to-China-a-test-for-Biden-s-bid-to-win-cooperation-with-Beijing-20210415/5854181.html',
    );
    expect(item.published?.getTime()).toBe(1618495142000);
    expect(item.bodyFormat).toBe('html');
    expect(item.body.startsWith('<div><i>Thu, 15 Apr 2021 13:23:59 GMT</i></div>')).toBe(true);
  });

  it('reads a headerless plain-text body (the Xinjingbao seed): no title, link or date', () => {
    const item = parseSnapshot(seed('000_d92e9282786eae0e.txt'), 'seeds');
    expect(item).toMatchObject({ title: undefined, link: undefined, published: undefined, bodyFormat: 'text' });
    expect(item.body.startsWith('新京报讯 美国国务院4月13日')).toBe(true);
  });

  it('accepts YAML front matter before the header, as the mirror bots write it', () => {
    // Imitates a zhouxiang93123/waimei post (see ../shared/real-feeds/SOURCES.md).
    const text = [
      '---',
      'layout: post',
      'title: "美防长：新冠疫情以来中国“不良行为”加剧"',
      'date: 2020-07-22T00:41:21.000Z',
      'author: 美国之音',
      'from: https://www.voachinese.com/a/us-not-withdrawing-from-korea-07212020/5512071.html',
      '---',
      '<!--1595378481000-->',
      '[美防长：新冠疫情以来中国“不良行为”加剧](https://www.voachinese.com/a/us-not-withdrawing-from-korea-07212020/5512071.html)',
      '------',
      '',
      '<div>',
      '<p>美国国防部长埃斯珀说。</p></div>',
    ].join('\n');
    expect(isSnapshotDocument(text)).toBe(true);
    const item = parseSnapshot(text, 'waimei');
    expect(item.title).toBe('美防长：新冠疫情以来中国“不良行为”加剧');
    expect(item.published?.toISOString()).toBe('2020-07-22T00:41:21.000Z');
    // The front matter's author is the bot's outlet label, not a person.
    expect(item.author).toBeUndefined();
    expect(item.body).toBe('<div>\n<p>美国国防部长埃斯珀说。</p></div>');
  });

  it('fills a missing header from the front matter', () => {
    const text = '---\ntitle: 标题\ndate: 2020-07-22T00:41:21.000Z\nfrom: https://www.dw.com/zh/x/a-1\n---\n<p>正文</p>';
    const item = parseSnapshot(text, 'x');
    expect(item).toMatchObject({ title: '标题', link: 'https://www.dw.com/zh/x/a-1', body: '<p>正文</p>' });
    expect(item.published?.toISOString()).toBe('2020-07-22T00:41:21.000Z');
  });
});

describe('parseDocument', () => {
  it('tells feeds from snapshot documents and names the document in errors', () => {
    expect(parseDocument({ name: 'a.txt', text: seed('001_bd82e4e472b9ac0e.txt') }, 's')).toHaveLength(1);
    expect(() => parseDocument({ name: 'cut.xml', text: '<?xml version="1.0"?><rss><channel>' }, 's')).toThrow(/^cut\.xml: malformed XML/);
    expect(() => parseDocument({ name: 'empty.txt', text: '  \n' }, 's')).toThrow(/empty\.txt: empty document/);
  });
});
