import { describe, expect, it } from 'vitest';
import { parseFeedXml } from '../../src/parse/feed-xml.js';

describe('parseFeedXml on entity-escaped descriptions', () => {
  it('reads a feed whose escaped bodies hold far more than 5,000 entities', () => {
    // A feed like feedx's: twenty long articles, every tag written as &lt;…&gt;.
    const body = '&lt;p&gt;一段文字&lt;/p&gt;'.repeat(500);
    const items = Array.from({ length: 20 }, (_, i) => `<item><title>t${i}</title><link>https://www.dw.com/zh/a-${i}</link><description>${body}</description></item>`);
    const raws = parseFeedXml(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>${items.join('')}</channel></rss>`, 's');
    expect(raws).toHaveLength(20);
    expect(raws[0]!.body.startsWith('<p>一段文字</p>')).toBe(true);
  });

  it('still refuses an entity bomb', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "${'y'.repeat(1000)}">]><rss version="2.0"><channel><title>x</title><item><title>t</title><description>${'&x;'.repeat(1000)}</description></item></channel></rss>`;
    expect(() => parseFeedXml(bomb, 's')).toThrow();
  });
});
