import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeDocument, detectCharset } from '../../src/fetch/charset.js';

const gbkFeed = readFileSync(new URL('../fixtures/feeds/gbk.xml', import.meta.url));
/** "克里抵达上海" in Big5 (traditional: 克里抵達上海), bytes from Python's big5 codec. */
const big5 = Buffer.from('a74aa8bda9e8b946a457aefc', 'hex');

describe('charset detection and decoding', () => {
  it.each([
    ['a byte-order mark over everything', Buffer.from([0xef, 0xbb, 0xbf, 0x3c]), 'application/xml; charset=gbk', 'utf-8'],
    ['the HTTP header over the XML declaration', gbkFeed, 'text/xml; charset="GB18030"', 'gb18030'],
    ['the XML declaration when the header has none', gbkFeed, 'application/rss+xml', 'gbk'],
    ['UTF-8 when nothing says otherwise', Buffer.from('<rss/>'), undefined, 'utf-8'],
  ])('takes %s', (_what, bytes, contentType, expected) => {
    expect(detectCharset(bytes, contentType)).toBe(expected);
  });

  it('decodes GBK, GB18030 and Big5', () => {
    expect(decodeDocument(gbkFeed)).toContain('新京报讯 美国总统气候问题特使克里抵达上海');
    expect(decodeDocument(gbkFeed, 'text/xml; charset=gb18030')).toContain('克里抵达上海');
    expect(decodeDocument(big5, 'text/xml; charset=big5')).toBe('克里抵達上海');
  });

  it('reports a charset nobody knows instead of guessing', () => {
    expect(() => decodeDocument(Buffer.from('<rss/>'), 'text/xml; charset=klingon')).toThrow('unsupported charset "klingon"');
  });
});
