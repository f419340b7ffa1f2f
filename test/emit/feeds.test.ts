import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { documentFingerprints, emitFeeds, outputFiles, type EmitOptions } from '../../src/emit/feeds.js';
import type { Item } from '../../src/types.js';
import { checkFeedFile } from '../../src/check/index.js';
import { parseAtom } from '../helpers/atom.js';
import { sampleStories } from '../helpers/stories.js';

const base: EmitOptions = { title: '汇流 test', now: new Date('2021-05-01T00:00:00Z'), formats: ['atom', 'rss', 'json'] };
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: 'text' });

function emit(options: Partial<EmitOptions> = {}): Map<string, string> {
  const { items, stories } = sampleStories();
  return new Map(emitFeeds(stories, items, { ...base, ...options }).map((f) => [f.name, f.content]));
}

describe('emitFeeds', () => {
  it('writes each feed in each configured format, plus icon, logo, OPML and index page', () => {
    expect([...emit().keys()].sort()).toEqual(
      [
        ...['dw', 'merged', 'rfi', 'voa', 'xinjingbao'].flatMap((n) => [`${n}.atom`, `${n}.rss`, `${n}.feed.json`]),
        'feeds.opml',
        'icon.svg',
        'index.html',
        'logo.svg',
      ].sort(),
    );
    const rssOnly = emit({ formats: ['rss'] });
    expect([...rssOnly.keys()].filter((n) => /\.(atom|json)$/.test(n))).toEqual([]);
    expect(rssOnly.get('feeds.opml')).toContain('xmlUrl="merged.rss"');
  });

  it('passes its own checks in every format, with and without a base URL', () => {
    for (const files of [emit(), emit({ baseUrl: 'https://example.github.io/huiliu/' })]) {
      for (const [name, content] of files) if (/\.(atom|rss|feed\.json)$/.test(name)) expect(checkFeedFile(name, content)).toEqual([]);
    }
  });

  it('keeps the Atom related links of a merged story and writes a plain-text summary, the generator version and the language', () => {
    const atom = emit().get('merged.atom')!;
    const story = parseAtom(atom).entries.find((e) => e.id === 'urn:huiliu:story:s1')!;
    expect(story.links).toEqual([
      { rel: 'alternate', href: 'https://www.voachinese.com/a/kerry/5854181.html' },
      { rel: 'related', href: 'https://www.dw.com/zh/a-57211234' },
    ]);
    expect(story.authors).toEqual(['方冰']);
    expect(story.title).toBe('Kerry &amp; Xie &lt;talks&gt; 克里抵达上海');
    expect(atom).toMatch(/<summary type="text">美国气候特使克里抵达上海。这是拜登政府首次派高级官员访华。<\/summary>/);
    expect(atom).toMatch(/<generator version="\d+\.\d+\.\d+">huiliu<\/generator>/);
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh">');
  });

  it('gives every entry an author: the byline, else the outlet', () => {
    const entries = parseAtom(emit().get('xinjingbao.atom')!).entries;
    expect(entries.map((e) => e.authors)).toEqual([['新京报']]);
  });

  it('holds the newest retention.maxStories stories in the merged feed and index.html, every item in the source feeds', () => {
    const { items, stories } = sampleStories();
    const newest = [...stories].sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id))[0]!;
    const files = new Map(emitFeeds(stories, items, { ...base, maxStories: 1 }).map((f) => [f.name, f.content]));
    expect(parseAtom(files.get('merged.atom')!).entries.map((e) => e.id)).toEqual([newest.id]);
    expect(JSON.parse(files.get('merged.feed.json')!).items).toHaveLength(1);
    expect(files.get('index.html')!.match(/<article/g)).toHaveLength(1);
    const perSource = [...files].filter(([name]) => name.endsWith('.atom') && name !== 'merged.atom');
    expect(perSource.reduce((n, [, atom]) => n + parseAtom(atom).entries.length, 0)).toBe(items.length);
    expect(stories.length).toBeGreaterThan(1);
  });

  it('writes self links and absolute URLs only with a base URL', () => {
    const withBase = emit({ baseUrl: 'https://example.github.io/huiliu/' });
    expect(withBase.get('merged.atom')).toContain('<link rel="self" href="https://example.github.io/huiliu/merged.atom"/>');
    expect(withBase.get('merged.atom')).toContain('<icon>https://example.github.io/huiliu/icon.svg</icon>');
    expect(withBase.get('merged.rss')).toContain('<atom:link href="https://example.github.io/huiliu/merged.rss" rel="self"');
    const json = JSON.parse(withBase.get('merged.feed.json')!) as Record<string, unknown>;
    expect(json['feed_url']).toBe('https://example.github.io/huiliu/merged.feed.json');
    expect(json['icon']).toBe('https://example.github.io/huiliu/icon.svg');
    expect(withBase.get('feeds.opml')).toContain('xmlUrl="https://example.github.io/huiliu/merged.atom"');
    expect(withBase.get('index.html')).toContain('href="https://example.github.io/huiliu/merged.atom"');

    const without = emit();
    for (const [name, content] of without) {
      expect(content, name).not.toMatch(/rel="self"|feed_url/);
    }
    expect(JSON.parse(without.get('merged.feed.json')!)).not.toHaveProperty('icon');
    expect(without.get('feeds.opml')).toContain('xmlUrl="merged.atom"');
    expect(without.get('index.html')).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(without.get('index.html')).toContain('href="merged.atom"');
  });

  it('writes RSS 2.0 with the byline as dc:creator and a channel link even without a base URL', () => {
    const rss = xml.parse(emit().get('merged.rss')!).rss;
    expect(rss.version).toBe('2.0');
    expect(rss.channel.link).toBe('https://feedx.net/');
    const story = rss.channel.item.find((i: { guid: { text: string } }) => i.guid.text === 'urn:huiliu:story:s1');
    expect(story['dc:creator']).toBe('方冰');
    // RSS titles are read as HTML, so the plain text arrives escaped once, like Atom's type="html".
    expect(story.title).toBe('Kerry &amp; Xie &lt;talks&gt; 克里抵达上海');
    expect(story.link).toBe('https://www.voachinese.com/a/kerry/5854181.html');
    expect(xml.parse(emit().get('rfi.rss')!).rss.channel.link).toBe('https://www.rfi.fr/cn/');
  });

  it('turns feed’s JSON Feed 1.0 into 1.1: version, language, authors arrays, plain-text title', () => {
    const json = JSON.parse(emit().get('merged.feed.json')!) as { version: string; language: string; items: Array<Record<string, unknown>> };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.language).toBe('zh');
    expect(json).not.toHaveProperty('author');
    const story = json.items.find((i) => i['id'] === 'urn:huiliu:story:s1')!;
    expect(story['title']).toBe('Kerry & Xie <talks> 克里抵达上海');
    expect(story['authors']).toEqual([{ name: '方冰' }]);
    expect(story).not.toHaveProperty('author');
    expect(story['summary']).toBe('美国气候特使克里抵达上海。这是拜登政府首次派高级官员访华。');
    const lone = JSON.parse(emit().get('xinjingbao.feed.json')!).items[0];
    expect(lone).not.toHaveProperty('url');
  });

  it('lists one feed per channel in the OPML, in the preferred format', () => {
    const opml = xml.parse(emit().get('feeds.opml')!).opml;
    expect(opml.version).toBe('2.0');
    expect(opml.body.outline.map((o: { xmlUrl: string }) => o.xmlUrl)).toEqual(['merged.atom', 'dw.atom', 'rfi.atom', 'voa.atom', 'xinjingbao.atom']);
  });
});

describe('feeds kept as published', () => {
  /** A hash of the article, as a build's heads carry one. */
  const articleHashOf = (item: Item) => createHash('sha1').update(item.contentHtml).update('\0').update(item.text).digest('base64');
  const fingerprints = (items: Item[], stories = sampleStories().stories, options: Partial<EmitOptions> = {}) =>
    documentFingerprints(stories, items, { ...base, ...options }, articleHashOf);

  it('fingerprint each feed document by what it is made of, articles by their hash', () => {
    const { items, stories } = sampleStories();
    const before = fingerprints(items, stories);
    expect([...before.keys()]).toEqual(['merged', 'dw', 'rfi', 'voa', 'xinjingbao']);
    expect(fingerprints(sampleStories().items, sampleStories().stories)).toEqual(before);
    // One more sentence in the RFI article: its feed changes, and the merged feed, which holds it; no other.
    const rfi = items.find((it) => it.outlet === 'rfi')!;
    rfi.text += '双方同意保持沟通。';
    const after = fingerprints(items, stories);
    const changed = [...after.keys()].filter((name) => after.get(name) !== before.get(name));
    expect(changed).toEqual(['merged', 'rfi']);
    // How files are rendered counts too: other formats, another base URL.
    const rssOnly = fingerprints(sampleStories().items, sampleStories().stories, { formats: ['rss'] });
    const hosted = fingerprints(sampleStories().items, sampleStories().stories, { baseUrl: 'https://example.org/' });
    for (const name of before.keys()) {
      expect(rssOnly.get(name)).not.toBe(before.get(name));
      expect(hosted.get(name)).not.toBe(before.get(name));
    }
  });

  it('are neither read nor rendered; every other file is rendered as without them', () => {
    const { items, stories } = sampleStories();
    const read = new Set<string>();
    const contentOf = (item: Item) => {
      read.add(item.id);
      return item;
    };
    const options = { ...base };
    const files = [...outputFiles(stories, items, options, contentOf, new Set(['dw', 'xinjingbao']))];
    const kept = files.filter((file) => 'kept' in file).map((file) => file.name);
    expect(kept.sort()).toEqual(['dw.atom', 'dw.feed.json', 'dw.rss', 'xinjingbao.atom', 'xinjingbao.feed.json', 'xinjingbao.rss']);
    const all = new Map(emitFeeds(stories, items, options).map((file) => [file.name, file.content]));
    expect(files.map((file) => file.name)).toEqual([...all.keys()]);
    for (const file of files) if ('content' in file) expect(file.content).toBe(all.get(file.name));
    // The Xinjingbao report is in the merged story whose representative is VOA's: its article is never read.
    expect(read.has('urn:huiliu:item:xjb1')).toBe(false);
    expect(read.has('urn:huiliu:item:voa1')).toBe(true);
  });
});
