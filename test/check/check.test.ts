import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAtom } from '../../src/check/atom.js';
import { checkJsonFeed } from '../../src/check/json-feed.js';
import { checkRss } from '../../src/check/rss.js';
import { isRfc3339, isRfc822 } from '../../src/check/rules.js';
import { atomSchemaErrors, runCli } from '../helpers/validators.js';
import { tempDir } from '../helpers/temp-dir.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/check/${name}`, import.meta.url), 'utf8');

/** Valid documents, each broken in one way per case: the reason must name what is wrong. */
const atom = fixture('valid.atom');
const rss = fixture('valid.rss');
const json = fixture('valid.feed.json');

describe('checkAtom (RFC 4287)', () => {
  it('passes the valid fixture', () => expect(checkAtom(atom)).toEqual([]));

  const cases: Array<[string, string, string, RegExp]> = [
    ['an entry without id', '<id>urn:huiliu:item:a</id>', '', /entry 1: missing <id>/],
    ['a feed with two titles', '<title>Feed</title>', '<title>Feed</title><title>Again</title>', /feed: 2 <title> elements/],
    ['a date that is not RFC 3339', '<updated>2021-04-15T13:59:02Z</updated>', '<updated>Thu, 15 Apr 2021 13:59:02 GMT</updated>', /not an RFC 3339 date-time/],
    ['a lower-case t in a date', '<published>2021-04-15T13:59:02Z</published>', '<published>2021-04-15t13:59:02Z</published>', /published.*RFC 3339/],
    ['a relative link', 'href="https://www.voachinese.com/a/1.html"', 'href="/a/1.html"', /<link> href "\/a\/1.html" is not an absolute URL/],
    ['an id that is not an IRI', '<id>urn:huiliu:item:b</id>', '<id>item b</id>', /<id> "item b" is not an absolute IRI/],
    ['two entries with one id', '<id>urn:huiliu:item:b</id>', '<id>urn:huiliu:item:a</id>', /entry id "urn:huiliu:item:a" used more than once/],
    ['an entry with neither content nor alternate link', '<content type="html">&lt;p&gt;b&lt;/p&gt;</content>', '', /entry 2.*neither <content> nor a rel="alternate" link/],
    ['no author anywhere for an entry', '<author><name>RFI</name></author>', '', /no <author>, and not every entry has one/],
    ['a text construct of unknown type', '<title type="text">b</title>', '<title type="markdown">b</title>', /type="markdown"/],
    ['a category without term', '<category term="voa" label="VOA"/>', '<category label="VOA"/>', /<category> without term/],
    ['a document that is not well-formed', '</feed>', '', /not well-formed XML/],
  ];
  for (const [what, from, to, reason] of cases) {
    it(`rejects ${what}`, () => {
      expect(atom).toContain(from);
      expect(checkAtom(atom.replace(from, to)).join('\n')).toMatch(reason);
    });
  }

  it('rejects a document whose root is not an Atom feed', () => {
    expect(checkAtom(rss)).toEqual(['the root element is not <feed>']);
    expect(checkAtom(atom.replace('xmlns="http://www.w3.org/2005/Atom"', '')).join('\n')).toMatch(/not in the Atom namespace/);
  });
});

describe('checkRss (RSS 2.0)', () => {
  it('passes the valid fixture', () => expect(checkRss(rss)).toEqual([]));

  const cases: Array<[string, string, string, RegExp]> = [
    ['a channel without link', '<link>https://feedx.net/</link>', '', /channel: missing <link>/],
    ['a relative channel link', '<link>https://feedx.net/</link>', '<link>index.html</link>', /channel: <link> "index.html" is not an absolute URL/],
    ['a pubDate that is not RFC 822', '<pubDate>Thu, 15 Apr 2021 13:59:02 GMT</pubDate>', '<pubDate>2021-04-15T13:59:02Z</pubDate>', /not an RFC 822 date/],
    ['a guid that claims to be a permalink', '<guid isPermaLink="false">urn:huiliu:item:b</guid>', '<guid>urn:huiliu:item:b</guid>', /is a permalink but not an absolute URL/],
    ['two items with one guid', 'urn:huiliu:item:b', 'urn:huiliu:item:a', /guid "urn:huiliu:item:a" used more than once/],
    ['an item with neither title nor description', '<title>b</title><description>b</description>', '', /item 2: has neither <title> nor <description>/],
    ['a version other than 2.0', 'version="2.0"', 'version="0.91"', /version is "0.91"/],
    ['a document that is not well-formed', '</channel>', '', /not well-formed XML/],
  ];
  for (const [what, from, to, reason] of cases) {
    it(`rejects ${what}`, () => {
      expect(rss).toContain(from);
      expect(checkRss(rss.replace(from, to)).join('\n')).toMatch(reason);
    });
  }
});

describe('checkJsonFeed (JSON Feed 1.1)', () => {
  it('passes the valid fixture', () => expect(checkJsonFeed(json)).toEqual([]));

  const edit = (change: (feed: { items: Array<Record<string, unknown>> } & Record<string, unknown>) => void): string => {
    const feed = JSON.parse(json);
    change(feed);
    return JSON.stringify(feed);
  };
  const cases: Array<[string, string, RegExp]> = [
    ['version 1.0', edit((f) => (f['version'] = 'https://jsonfeed.org/version/1')), /"version" is "https:\/\/jsonfeed.org\/version\/1", not/],
    ['a feed without title', edit((f) => delete f['title']), /feed: "title" is required/],
    ['an item without id', edit((f) => delete f.items[0]!['id']), /item 1: "id" is required/],
    ['an item without content', edit((f) => delete f.items[0]!['content_html']), /item 1: needs "content_html" or "content_text"/],
    ['an item date that is not RFC 3339', edit((f) => (f.items[0]!['date_published'] = 'yesterday')), /"date_published" is not an RFC 3339/],
    ['a relative item url', edit((f) => (f.items[0]!['url'] = '/a/1.html')), /"url" "\/a\/1.html" is not an absolute URL/],
    ['an author with nothing in it', edit((f) => (f.items[0]!['authors'] = [{}])), /an author needs at least one of/],
    ['two items with one id', edit((f) => (f.items[1]!['id'] = f.items[0]!['id'])), /item id ".*" used more than once/],
    ['items that are not an array', edit((f) => (f.items = {} as never)), /"items" is required and must be an array/],
    ['text that is not JSON', '{"version": ', /not valid JSON/],
  ];
  for (const [what, doc, reason] of cases) {
    it(`rejects ${what}`, () => expect(checkJsonFeed(doc).join('\n')).toMatch(reason));
  }
});

describe('date rules', () => {
  it('accepts RFC 3339 and RFC 822 dates and rejects impossible ones', () => {
    expect(isRfc3339('2021-04-15T13:59:02.000Z')).toBe(true);
    expect(isRfc3339('2021-04-15T21:59:02+08:00')).toBe(true);
    expect(isRfc3339('2021-02-30T00:00:00Z')).toBe(false);
    expect(isRfc3339('2021-04-15 13:59:02Z')).toBe(false);
    expect(isRfc822('Thu, 15 Apr 2021 13:59:02 GMT')).toBe(true);
    expect(isRfc822('15 Apr 2021 13:59 +0800')).toBe(true);
    expect(isRfc822('Thu, 15 April 2021 13:59:02 GMT')).toBe(false);
  });
});

describe('huiliu check DIR', () => {
  let out: string;
  beforeAll(() => {
    out = tempDir('huiliu-check-');
    expect(runCli(['build', '-q', '--config', 'config/huiliu.json', '--out', out, '--base-url', 'https://example.github.io/huiliu']).status).toBe(0);
  });

  it('passes a real build of the seeds, whose Atom feeds (with self links) jing also accepts', () => {
    const run = runCli(['check', out]);
    expect(run.stderr).toBe(`huiliu: 18 feeds in ${out} are valid\n`);
    expect(run.status).toBe(0);
    const atoms = readdirSync(out).filter((n) => n.endsWith('.atom'));
    expect(atoms).toHaveLength(6);
    expect(atomSchemaErrors(atoms.map((n) => path.join(out, n)))).toBe('');
  });

  it('fails on a deliberately broken feed, one reason per line', () => {
    const broken = tempDir('huiliu-check-broken-');
    writeFileSync(path.join(broken, 'merged.atom'), atom.replace('<id>urn:huiliu:item:a</id>', '').replace('2021-04-15T13:59:02Z', 'yesterday'));
    writeFileSync(path.join(broken, 'merged.feed.json'), json);
    writeFileSync(path.join(broken, 'status.json'), '{"not": "a feed"}');
    const run = runCli(['check', broken]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'merged.atom: feed: <updated> "yesterday" is not an RFC 3339 date-time',
      'merged.atom: entry 1: missing <id>',
    ]);
  });

  it('says so in one line when the folder has no feeds or does not exist', () => {
    const empty = tempDir('huiliu-check-empty-');
    expect(runCli(['check', empty])).toMatchObject({ status: 1, stderr: `huiliu: no feeds (.atom, .rss, .feed.json) in ${empty}\n` });
    expect(runCli(['check', path.join(empty, 'missing')]).stderr).toMatch(/^huiliu: cannot read folder .* \(ENOENT\)\n$/);
  });
});
