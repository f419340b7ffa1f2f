import { load } from 'cheerio';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adaptSource } from '../../src/adapters/adapt.js';
import type { CleanOptions } from '../../src/clean/index.js';
import { parseDocument } from '../../src/parse/index.js';
import type { Item } from '../../src/types.js';

/**
 * One fixture per outlet imitating its feedx feed (each file's first comment says what it imitates).
 * The cleaned output was read by eye once and frozen in `<outlet>.expected.json`; every article
 * sentence must survive and no junk may.
 */
const FIXTURES = ['nytimes.xml', 'rfi.xml', 'voa.xml', 'dw.xml', 'xinjingbao.xml', 'xinjingbao-plain.txt'];
const JUNK = [
  '获取更多RSS', 'feedx.', '版权声明', '版權聲明', '我也说两句', '阿酷公司', 'o-self-promo', 'm-interstitial', 't-copyright', '© 2021 AFP',
  '继续浏览后续', 'meta_og_twcards', '{{', 'tbl-feed', '推荐阅读', 'pudate', 'NYT简报', 'cn.letters', 'Instagram', '仅代表作者', 'YouTube播放列表', '九点播出',
  '嘉宾和观众', '=====', 'Array', 'application/json', 'title="Link:', 'target=', 'rel="nofollow"', 'style=', 'width=', '法国国际广播电台 - RFI',
];
const DEFAULTS: CleanOptions = { images: 'keep', script: 'keep' };

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/adapters/${name}`, import.meta.url), 'utf8');
}

function clean(name: string, options: CleanOptions = DEFAULTS): Item[] {
  const raws = parseDocument({ name, text: fixture(name) }, 'fixture');
  const { items, unrecognised } = adaptSource(raws, { id: 'fixture', path: name }, options);
  expect(unrecognised).toBe(0);
  return items;
}

/** Junk ends a paragraph: its sentences from the first junk one on are not article. */
const isJunk = (sentence: string): boolean =>
  JUNK.some((junk) => sentence.includes(junk)) || /^（欢迎|^感谢阅读|德国之声致力于|©|^编辑/.test(sentence);

/** Sentences of the article paragraphs of a fixture. */
function articleSentences(name: string): string[] {
  const raws = parseDocument({ name, text: fixture(name) }, 'fixture');
  return raws.flatMap((raw) => {
    const paragraphs = raw.bodyFormat === 'text' ? [raw.body] : load(raw.body, null, false)('p').get().map((p) => load(p).text());
    return paragraphs.flatMap((p) => {
      const sentences = p.replace(/\s+/g, '').split(/(?<=[。？！])/);
      const firstJunk = sentences.findIndex(isJunk);
      return (firstJunk < 0 ? sentences : sentences.slice(0, firstJunk)).filter((s) => s.length >= 10);
    });
  });
}

describe.each(FIXTURES)('%s', (name) => {
  const items = clean(name);

  it('comes out as frozen after one reading by eye', async () => {
    const frozen = items.map((item) => ({
      title: item.title,
      link: item.link,
      author: item.author,
      published: item.published?.toISOString(),
      contentHtml: item.contentHtml,
    }));
    await expect(`${JSON.stringify(frozen, null, 2)}\n`).toMatchFileSnapshot(`../fixtures/adapters/${name}.expected.json`);
  });

  it('keeps every article sentence', () => {
    const text = items.map((item) => item.text.replace(/\s+/g, '')).join('\n');
    const sentences = articleSentences(name);
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.filter((s) => !text.includes(s))).toEqual([]);
  });

  it('keeps no junk', () => {
    for (const item of items) for (const junk of JUNK) expect(item.contentHtml, junk).not.toContain(junk);
  });
});

describe('options', () => {
  it('images: "unwrap" replaces the images.weserv.nl proxy by the original https URL', () => {
    const [kerry] = clean('voa.xml', { images: 'unwrap', script: 'keep' });
    expect(kerry!.contentHtml).toContain('src="https://gdb.voanews.com/kerry_w900.jpg"');
    expect(kerry!.contentHtml).not.toContain('weserv');
    const [kept] = clean('voa.xml');
    expect(kept!.contentHtml).toContain('src="https://images.weserv.nl/?url=gdb.voanews.com/kerry_w900.jpg"');
  });

  it('script: "traditional" and "simplified" convert titles and text with OpenCC', () => {
    const [traditional] = clean('dw.xml', { images: 'keep', script: 'traditional' });
    expect(traditional!.title).toBe('美國氣候特使將訪中日 如何對中國施壓併合作？');
    expect(traditional!.contentHtml).toContain('德國之聲中文網');
    const [simplified] = clean('voa.xml', { images: 'keep', script: 'simplified' });
    expect(simplified!.title).toBe('时事大家谈：克里抵达上海，美中气候合作面临考验');
  });
});
