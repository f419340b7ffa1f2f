import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderOpml } from '../../src/emit/opml.js';

describe('renderOpml', () => {
  it('writes an OPML 2.0 subscription list whose titles and URLs survive any character', () => {
    // A feed title with markup characters, as a config title could have.
    const opml = renderOpml('汇流 & "friends"', new Date('2021-04-15T15:00:00Z'), [
      { title: 'VOA <美国之音>', xmlUrl: 'https://example.github.io/h/voa.atom?a=1&b=2', htmlUrl: 'https://example.github.io/h/index.html' },
      { title: 'RFI', xmlUrl: 'rfi.atom' },
    ]);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(opml).opml;
    expect(parsed.version).toBe('2.0');
    expect(parsed.head.title).toBe('汇流 & "friends"');
    expect(parsed.head.dateCreated).toBe('Thu, 15 Apr 2021 15:00:00 GMT');
    expect(parsed.body.outline).toEqual([
      { type: 'rss', text: 'VOA <美国之音>', title: 'VOA <美国之音>', xmlUrl: 'https://example.github.io/h/voa.atom?a=1&b=2', htmlUrl: 'https://example.github.io/h/index.html' },
      { type: 'rss', text: 'RFI', title: 'RFI', xmlUrl: 'rfi.atom' },
    ]);
  });
});
