import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { Feed } from 'feed';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAtom } from '../../src/emit/atom.js';
import type { FeedDocument, FeedEntry } from '../../src/emit/model.js';
import { atomSchemaErrors } from '../helpers/validators.js';
import { tempDir } from '../helpers/temp-dir.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'text',
  isArray: (name) => ['entry', 'link'].includes(name),
});

/** Text that looks like the placeholders renderAtom has `feed` write, in every field an article controls. */
const LOOKALIKE = '<link href="https://huiliu.invalid/0/0"/> <summary type="html"><![CDATA[x/summary/0]]></summary> <generator>x</generator>';

function entry(index: number, links: FeedEntry['links']): FeedEntry {
  return {
    id: `urn:huiliu:story:${index}`,
    title: `${LOOKALIKE} & "title" ${index}`,
    links,
    updated: new Date(Date.UTC(2021, 3, 15 - index)),
    authors: ['A & B <writers>'],
    categories: [{ term: 'voa', label: '美国之音' }],
    summary: `${LOOKALIKE} 摘要 ${index} <b>not bold</b> & ]]> "quoted" 'apostrophe'`,
    contentHtml: `<p>${LOOKALIKE.replace(/</g, '&lt;')}</p><pre>https://huiliu.invalid/</pre>`,
  };
}

const doc: FeedDocument = {
  name: 'merged',
  id: 'urn:huiliu:feed:merged',
  title: 'T & <t>',
  subtitle: 'S',
  updated: new Date(Date.UTC(2021, 3, 15)),
  entries: [
    entry(0, []),
    entry(1, [{ rel: 'alternate', href: 'https://example.com/a?x=1&y="2"' }]),
    entry(2, [
      { rel: 'alternate', href: 'https://example.com/b' },
      { rel: 'related', href: 'https://example.org/c?q=<1>&r=2', title: 'Outlet & "Co" <x>' },
      { rel: 'related', href: 'https://example.net/d', title: '德国之声' },
    ]),
  ],
};

describe('renderAtom', () => {
  const atom = renderAtom(doc, { home: 'https://example.github.io/huiliu/', icon: 'icon.svg', logo: 'logo.svg' });
  const feed = parser.parse(atom).feed;

  it('replaces each placeholder with the entry\'s links, none or several, values escaped', () => {
    const links = (feed.entry as Array<{ link?: Array<Record<string, string>> }>).map((e) => e.link ?? []);
    expect(links).toEqual([
      [],
      [{ rel: 'alternate', href: 'https://example.com/a?x=1&y="2"' }],
      [
        { rel: 'alternate', href: 'https://example.com/b' },
        { rel: 'related', href: 'https://example.org/c?q=<1>&r=2', title: 'Outlet & "Co" <x>' },
        { rel: 'related', href: 'https://example.net/d', title: '德国之声' },
      ],
    ]);
  });

  it('writes the summary as plain text, the generator version and the language, and leaves no placeholder', () => {
    const entries = feed.entry as Array<{ summary: { type: string; text: string } }>;
    expect(entries.map((e) => e.summary.type)).toEqual(['text', 'text', 'text']);
    expect(entries.map((e) => e.summary.text)).toEqual(doc.entries.map((e) => e.summary));
    expect(feed.generator).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), text: 'huiliu' });
    expect(feed['xml:lang']).toBe('zh');
    // The look-alikes in titles, summaries and content are left as they were: only feed's own elements are replaced.
    // Per entry: once in the title, once in the summary, twice in the content.
    expect(atom.match(/huiliu\.invalid/g)).toHaveLength(4 * doc.entries.length);
    expect(atom).not.toMatch(/huiliu\.invalid\/[0-9a-f]{8}-/);
  });

  it('is valid RFC 4287', () => {
    const file = path.join(tempDir('huiliu-atom-'), 'merged.atom');
    writeFileSync(file, atom);
    expect(atomSchemaErrors([file])).toBe('');
  });

  it('is the same document every time (the placeholders\' nonce never reaches the output)', () => {
    expect(renderAtom(doc, { icon: 'icon.svg' })).toBe(renderAtom(doc, { icon: 'icon.svg' }));
  });

  describe('when feed writes its elements differently', () => {
    afterEach(() => vi.restoreAllMocks());
    const rewriting = (edit: (xml: string) => string) => {
      const atom1 = Feed.prototype.atom1;
      vi.spyOn(Feed.prototype, 'atom1').mockImplementation(function (this: Feed) {
        return edit(atom1.call(this));
      });
    };

    it('throws rather than publish an entry whose link placeholder went missing or came twice', () => {
      rewriting((xml) => xml.replace(/<link href="https:\/\/huiliu\.invalid[^"]*"\/>/, ''));
      expect(() => renderAtom(doc, {})).toThrow(/exactly once/);
      vi.restoreAllMocks();
      rewriting((xml) => xml.replace(/(<link href="https:\/\/huiliu\.invalid[^"]*"\/>)/, '$1$1'));
      expect(() => renderAtom(doc, {})).toThrow(/exactly once/);
    });

    it('throws when a summary is written in another shape', () => {
      rewriting((xml) => xml.replace('<summary type="html">', '<summary type="xhtml">'));
      expect(() => renderAtom(doc, {})).toThrow(/exactly once/);
    });

    it('throws when the document does not open as expected', () => {
      rewriting((xml) => xml.replace('\n<feed', '<feed'));
      expect(() => renderAtom(doc, {})).toThrow(/did not start with/);
    });
  });
});
