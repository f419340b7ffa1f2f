import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { parseFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAtom } from '../helpers/atom.js';
import { serveFolder, type FolderServer } from '../helpers/serve.js';
import { feedparserTool, newsboatTool, PYTHON } from '../helpers/tools.js';
import { runCli } from '../helpers/validators.js';
import { tempDir } from '../helpers/temp-dir.js';

/*
 * The feeds of a real build of the seeds, read by the parsers of two readers people use, over HTTP from
 * a local server (as a reader would fetch them from GitHub Pages). Debian's feedparser 6.0.10 and
 * newsboat 2.21 read only XML feeds, so JSON Feed is read by feedsmith, an independent TypeScript parser.
 */
const run = promisify(execFile);
const XML_FORMATS = [
  { format: 'atom', suffix: '.atom', version: 'atom10' },
  { format: 'rss', suffix: '.rss', version: 'rss20' },
] as const;

/** feedparser's view of each URL: whether it complained (bozo), what it read, and the entries. */
const FEEDPARSER = `
import json, sys, feedparser
out = []
for url in sys.argv[1:]:
    d = feedparser.parse(url)
    out.append({"url": url, "bozo": int(bool(d.bozo)), "error": str(d.get("bozo_exception", "")),
                "version": d.version, "status": d.get("status"), "title": d.feed.get("title"),
                "entries": [{"id": e.get("id"), "title": e.get("title"), "author": e.get("author"),
                             "summary": e.get("summary"), "content": bool(e.get("content"))} for e in d.entries]})
print(json.dumps(out))
`;

interface ParsedByFeedparser {
  url: string;
  bozo: number;
  error: string;
  version: string;
  status: number;
  title: string;
  entries: Array<{ id: string; title: string; author: string | null; summary: string | null; content: boolean }>;
}

describe('the feeds of a real build, in real reader parsers', () => {
  let out: string;
  let server: FolderServer;
  /** Each feed's entries as huiliu wrote them (from the Atom file): what every reader must end up with. */
  let expected: Map<string, Array<{ id: string; title: string }>>;

  beforeAll(async () => {
    out = tempDir('huiliu-readers-');
    server = await serveFolder(out);
    const build = runCli(['build', '-q', '--config', 'config/huiliu.json', '--out', out, '--base-url', server.url]);
    expect(build.status, build.stderr).toBe(0);
    expected = new Map(
      readdirSync(out)
        .filter((n) => n.endsWith('.atom'))
        .map((n) => [n.replace(/\.atom$/, ''), parseAtom(readFileSync(path.join(out, n), 'utf8')).entries]),
    );
    expect(expected.get('merged')).toHaveLength(4);
    expect(expected.size).toBe(6);
  });
  afterAll(async () => server?.close());

  for (const { format, suffix, version } of XML_FORMATS) {
    it.skipIf(feedparserTool.skip)(feedparserTool.title(`Python feedparser reads every ${format} feed with bozo == 0`), async () => {
      feedparserTool.assert();
      const urls = [...expected.keys()].map((name) => `${server.url}${name}${suffix}`);
      const { stdout } = await run(PYTHON, ['-c', FEEDPARSER, ...urls]);
      const parsed = JSON.parse(stdout) as ParsedByFeedparser[];
      for (const feed of parsed) {
        const name = path.basename(new URL(feed.url).pathname, suffix);
        const want = expected.get(name)!;
        expect({ url: feed.url, bozo: feed.bozo, error: feed.error, version: feed.version, status: feed.status }).toEqual({
          url: feed.url,
          bozo: 0,
          error: '',
          version,
          status: 200,
        });
        expect(feed.entries.map((e) => ({ id: e.id, title: e.title }))).toEqual(want.map((e) => ({ id: e.id, title: e.title })));
        for (const entry of feed.entries) {
          expect(entry.author, `${name}: ${entry.title}`).toBeTruthy();
          expect(entry.summary, `${name}: ${entry.title}`).toBeTruthy();
        }
      }
    });

    it.skipIf(newsboatTool.skip)(newsboatTool.title(`newsboat stores every entry of every ${format} feed`), async () => {
      newsboatTool.assert();
      // Its own config, urls and cache: newsboat exits 0 even when a fetch fails, so the cache is what counts.
      const home = tempDir(`huiliu-newsboat-${format}-`);
      const errorLog = path.join(home, 'error.log');
      writeFileSync(path.join(home, 'config'), `error-log "${errorLog}"\n`);
      const urls = [...expected.keys()].map((name) => `${server.url}${name}${suffix}`);
      writeFileSync(path.join(home, 'urls'), `${urls.join('\n')}\n`);
      const cache = path.join(home, 'cache.db');
      await run('newsboat', ['-C', path.join(home, 'config'), '-u', path.join(home, 'urls'), '-c', cache, '-x', 'reload'], {
        env: { ...process.env, HOME: home },
        timeout: 60_000,
      });
      expect(existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '').toBe('');
      const db = new Database(cache, { readonly: true });
      const stored = db.prepare('SELECT feedurl, guid, title FROM rss_item ORDER BY feedurl').all() as Array<{ feedurl: string; guid: string; title: string }>;
      db.close();
      for (const url of urls) {
        const name = path.basename(new URL(url).pathname, suffix);
        const want = expected.get(name)!.map((e) => e.id).sort();
        expect(stored.filter((s) => s.feedurl === url).map((s) => s.guid).sort(), url).toEqual(want);
      }
    });
  }

  it('feedsmith reads every JSON Feed as JSON Feed, with every entry and its authors', async () => {
    for (const [name, want] of expected) {
      const response = await fetch(`${server.url}${name}.feed.json`);
      expect(response.headers.get('content-type')).toMatch(/^application\/feed\+json/);
      const parsed = parseFeed(await response.text());
      expect(parsed.format).toBe('json');
      if (parsed.format !== 'json') continue;
      const items = parsed.feed.items ?? [];
      expect(items.map((i) => ({ id: i.id, title: i.title })), name).toEqual(want.map((e) => ({ id: e.id, title: e.title })));
      for (const item of items) expect(item.authors?.[0]?.name, `${name}: ${item.title}`).toBeTruthy();
    }
  });

  it.skipIf(newsboatTool.skip)(newsboatTool.title('newsboat subscribes to every feed by importing feeds.opml'), async () => {
    newsboatTool.assert();
    const home = tempDir('huiliu-newsboat-opml-');
    const urls = path.join(home, 'urls');
    writeFileSync(urls, '');
    writeFileSync(path.join(home, 'config'), '');
    await run('newsboat', ['-C', path.join(home, 'config'), '-u', urls, '-c', path.join(home, 'cache.db'), '-i', path.join(out, 'feeds.opml')], {
      env: { ...process.env, HOME: home },
      timeout: 60_000,
    });
    const subscribed = readFileSync(urls, 'utf8').trim().split('\n').sort();
    expect(subscribed).toEqual([...expected.keys()].map((name) => `${server.url}${name}.atom`).sort());
  });
});
