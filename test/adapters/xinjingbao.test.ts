import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xinjingbao } from '../../src/adapters/xinjingbao.js';

/** The bundled Xinjingbao seed: the one real sample, an interview reprinted as plain text on one line. */
const seed = readFileSync(new URL('../../seeds/000_d92e9282786eae0e.txt', import.meta.url), 'utf8');

describe('xinjingbao: one line of plain text back into paragraphs', () => {
  const html = xinjingbao.textToHtml!(seed);
  const paragraphs = [...html.matchAll(/<p[^>]*>(.*?)<\/p>/g)].map((m) => m[1]!);

  it('splits at interview turns, section headings and photo captions, and keeps the credits last', () => {
    expect(paragraphs.map((p) => p.slice(0, 8))).toEqual([
      '新京报讯 美国国',
      '美国总统气候问题',
      '美国国务院表示，',
      '美国威尔逊中心中',
      '推动中美在气候领',
      '新京报：拜登气候',
      '吴岚：克里特使访',
      '领导人气候峰会重',
      '新京报：拜登将于',
      '吴岚：简单来说，',
      '中美可加入多边气',
      '新京报：在当前的',
      '吴岚：作为全球最',
      '气候变化是真实的',
      '新京报：新冠疫情',
      '吴岚：近些年来，',
      '编辑 张磊 校对',
    ]);
  });

  it('loses no text but the reprint tail', () => {
    const article = seed.slice(0, seed.indexOf('|我也说两句')).replace(/\s+/g, '');
    expect(paragraphs.join('').replace(/\s+/g, '')).toBe(article);
  });

  it('derives a title from the first sentence', () => {
    expect(xinjingbao.deriveTitle!(seed)).toBe('美国国务院4月13日在其官网上公布，4月14日至4月17日，美国总统气候问题特使…');
  });
});
