import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../src/config.js';
import { decodeDocument } from '../src/fetch/charset.js';
import { DedupWorker } from '../src/dedup/in-worker.js';
import { RenderPool } from '../src/emit/render-pool.js';
import { runBuild, storePath } from '../src/run.js';
import { Store } from '../src/store/sqlite.js';
import { parseAtom } from './helpers/atom.js';
import { CLI, REPO } from './helpers/validators.js';
import { runCliAsync, startServer, type TestServer } from './helpers/http-server.js';
import { tempDir } from './helpers/temp-dir.js';

/** The render and dedup workers as `npm test` compiles them (tsconfig.build.json). */
const COMPILED_RENDER_WORKER = new URL('../dist/emit/render-worker.js', import.meta.url);
const COMPILED_DEDUP_WORKER = new URL('../dist/dedup/worker.js', import.meta.url);

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/feeds/${name}`, import.meta.url));

/** What each path of the upstream answers; tests change it between runs. */
type Upstream = Record<string, { body?: Buffer; status?: number; conditional?: boolean; contentType?: string; hold?: boolean }>;

let upstream: Upstream;
let server: TestServer;
let dir: string;
let out: string;

beforeEach(async () => {
  upstream = {
    '/voa.xml': { body: fixture('voa.xml'), conditional: true },
    '/dw.xml': { body: fixture('dw.xml'), conditional: true },
    '/bjnews.xml': { body: fixture('gbk.xml'), conditional: true },
  };
  // An upstream like feedx: ETag from the content, 304 when the client already has it.
  server = await startServer((req, res) => {
    const route = upstream[req.url!];
    if (!route) return void res.writeHead(404).end();
    if (route.hold) return;
    if (route.status !== undefined) return void res.writeHead(route.status).end('upstream trouble');
    const etag = `"${createHash('sha1').update(route.body!).digest('hex')}"`;
    if (route.conditional && req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': route.contentType ?? 'application/rss+xml', ...(route.conditional ? { etag } : {}) });
    res.end(route.body);
  });
  dir = tempDir('huiliu-run-');
  out = path.join(dir, 'feeds');
});

afterEach(async () => {
  await server.close();
});

function writeConfig(extra: Record<string, unknown> = {}, sources?: Array<Record<string, string>>): string {
  const file = path.join(dir, 'huiliu.json');
  const config = {
    title: 'huiliu test',
    sources: sources ?? [
      { id: 'voa', adapter: 'voa', url: `${server.url}/voa.xml` },
      { id: 'dw', adapter: 'dw', url: `${server.url}/dw.xml` },
      { id: 'xinjingbao', adapter: 'xinjingbao', url: `${server.url}/bjnews.xml` },
    ],
    fetch: { retries: 0, timeoutSeconds: 5 },
    ...extra,
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const load = (extra?: Record<string, unknown>, sources?: Array<Record<string, string>>): Promise<LoadedConfig> =>
  loadConfig(writeConfig(extra, sources));

/** Every published file (not huiliu's own state) and its bytes. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(out)
      .filter((name) => !name.startsWith('.') && name !== 'status.json')
      .map((name) => [name, readFileSync(path.join(out, name), 'utf8')]),
  );
}

const entries = (name: string) => parseAtom(readFileSync(path.join(out, name), 'utf8')).entries;
const status = () =>
  JSON.parse(readFileSync(path.join(out, 'status.json'), 'utf8')) as {
    sources: Array<{ id: string; ok: boolean; fetch: string; error: string | null; lastAttempt: string; lastSuccess: string | null; items: number; hits: Record<string, number> }>;
  };
const at = (iso: string) => () => new Date(iso);

describe('runBuild with sources on 127.0.0.1', () => {
  it('reuses the stored items on a 304, with the validators kept across runs (and processes)', async () => {
    const loaded = await load();
    const first = await runBuild({ loaded, outDir: out, clock: at('2026-01-01T00:00:00Z') });
    expect(first.status).toBe(0);
    expect(first.fetched).toBe(4);
    const before = snapshot();
    expect(server.requests.every((r) => r.headers['if-none-match'] === undefined)).toBe(true);

    const second = await runCliAsync(['build', '--config', loaded.file, '--out', out]);
    expect(second.stderr).toMatch(/0 items fetched, 3 sources unchanged/);
    expect(second.status).toBe(0);
    const conditional = server.requests.slice(3);
    expect(conditional).toHaveLength(3);
    expect(conditional.every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
    expect(snapshot()).toEqual(before);
    expect(status().sources.map((s) => [s.id, s.fetch, s.items])).toEqual([
      ['voa', 'unchanged', 2],
      ['dw', 'unchanged', 1],
      ['xinjingbao', 'unchanged', 1],
    ]);
    // The hits of the fetch those items came from stay in status.json.
    expect(status().sources.find((s) => s.id === 'voa')!.hits['feedx footer']).toBe(1);
  });

  it('decodes the GBK feed into the outputs', async () => {
    await runBuild({ loaded: await load(), outDir: out });
    expect(entries('xinjingbao.atom').map((e) => e.title)).toEqual(['新京报讯 美国总统气候问题特使克里抵达上海']);
  });

  it('writes byte-identical feeds when nothing changed upstream, even without conditional GET or dates', async () => {
    for (const route of Object.values(upstream)) route.conditional = false;
    // An item without any date: its `updated` must come from the store (first seen), not the clock.
    upstream['/bjnews.xml'] = {
      body: Buffer.from(decodeDocument(fixture('gbk.xml')).replace(/<pubDate>.*<\/pubDate>/, '')),
      contentType: 'application/rss+xml; charset=utf-8',
    };
    const loaded = await load();
    await runBuild({ loaded, outDir: out, clock: at('2026-01-01T00:00:00Z') });
    const first = snapshot();
    expect(entries('xinjingbao.atom')[0]).toMatchObject({ published: undefined, updated: '2026-01-01T00:00:00.000Z' });
    await runBuild({ loaded, outDir: out, clock: at('2026-01-01T06:00:00Z') });
    expect(server.requests).toHaveLength(6);
    expect(snapshot()).toEqual(first);
    const feeds = ['dw', 'merged', 'voa', 'xinjingbao'].flatMap((n) => [`${n}.atom`, `${n}.feed.json`, `${n}.rss`]);
    expect(Object.keys(first).sort()).toEqual([...feeds, 'feeds.opml', 'icon.svg', 'index.html', 'logo.svg'].sort());
  });

  it('keeps a failing source\'s earlier items in the outputs, reports it, and exits 2', async () => {
    const loaded = await load();
    await runBuild({ loaded, outDir: out, clock: at('2026-01-01T00:00:00Z') });
    const before = snapshot();
    upstream['/voa.xml'] = { status: 500 };
    upstream['/dw.xml']!.body = Buffer.from(fixture('dw.xml').toString('utf8').replace('将访问日本和中国天津', '将访问日本和中国天津与北京'));

    const run = await runCliAsync(['build', '--config', loaded.file, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/source voa failed: .*voa\.xml: HTTP 500/);
    expect(snapshot()['voa.atom']).toBe(before['voa.atom']);
    expect(snapshot()['dw.atom']).not.toBe(before['dw.atom']);
    // VOA's report is still in the merged feed (as its own entry, or merged with another outlet's report).
    expect(entries('merged.atom').some((e) => e.categories.includes('voa'))).toBe(true);
    const voa = status().sources.find((s) => s.id === 'voa')!;
    expect(voa).toMatchObject({ ok: false, fetch: 'failed', lastSuccess: '2026-01-01T00:00:00.000Z', items: 2 });
    expect(voa.error).toMatch(/HTTP 500/);
    expect(voa.lastAttempt > voa.lastSuccess!).toBe(true);
  });

  it('exits 1 and leaves the feeds alone when no source can be read, but records why in status.json', async () => {
    const loaded = await load();
    await runBuild({ loaded, outDir: out, clock: at('2026-01-01T00:00:00Z') });
    const before = snapshot();
    for (const route of Object.keys(upstream)) upstream[route] = { status: 503 };
    const run = await runCliAsync(['build', '--config', loaded.file, '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no source could be read; feeds left as they were/);
    expect(snapshot()).toEqual(before);
    expect(status().sources.every((s) => !s.ok && /HTTP 503/.test(s.error!))).toBe(true);
  });

  it('rejects a malformed feed and an entity-expansion bomb quickly, with bounded memory, and builds the rest', async () => {
    upstream['/broken.xml'] = { body: fixture('malformed.xml') };
    upstream['/bomb.xml'] = { body: fixture('entity-bomb.xml') };
    const loaded = await load({}, [
      { id: 'voa', adapter: 'voa', url: `${server.url}/voa.xml` },
      { id: 'broken', adapter: 'dw', url: `${server.url}/broken.xml` },
      { id: 'bomb', adapter: 'dw', url: `${server.url}/bomb.xml` },
    ]);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const summary = await runBuild({ loaded, outDir: out });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
    expect(summary.status).toBe(2);
    const errors = Object.fromEntries(summary.failed.map((s) => [s.id, s.error]));
    expect(errors['broken']).toMatch(/malformed XML at line \d+/);
    expect(errors['bomb']).toMatch(/entit/i);
    expect(entries('voa.atom')).toHaveLength(2);
  });

  it('keeps an item the upstream dropped for retention.days, then lets it go', async () => {
    const loaded = await load({ retention: { days: 7 } });
    await runBuild({ loaded, outDir: out, clock: at('2026-01-01T00:00:00Z') });
    const voa = fixture('voa.xml').toString('utf8');
    upstream['/voa.xml']!.body = Buffer.from(voa.replace(/<item>\s*<title>美国国务院发布年度人权报告[\s\S]*?<\/item>/, ''));

    await runBuild({ loaded, outDir: out, clock: at('2026-01-03T00:00:00Z') });
    expect(entries('voa.atom').map((e) => e.title)).toContain('美国国务院发布年度人权报告');
    await runBuild({ loaded, outDir: out, clock: at('2026-01-08T12:00:00Z') });
    expect(entries('voa.atom').map((e) => e.title)).not.toContain('美国国务院发布年度人权报告');
    expect(entries('voa.atom')).toHaveLength(1);
  });

  it('survives a build SIGKILLed mid-run: previous outputs intact, the next run takes over its lock', async () => {
    const loaded = await load();
    await runBuild({ loaded, outDir: out, clock: at('2026-01-01T00:00:00Z') });
    const before = snapshot();
    upstream['/dw.xml']!.body = Buffer.from(fixture('dw.xml').toString('utf8').replace('将访问日本和中国天津', '将访问日本和中国天津与北京'));
    upstream['/voa.xml']!.hold = true;
    const child = spawn(process.execPath, [CLI, 'build', '--config', loaded.file, '--out', out], { cwd: REPO });
    const killed = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 20_000;
    while (!server.requests.some((r, i) => i >= 3 && r.url === '/voa.xml') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');
    expect(snapshot()).toEqual(before);
    expect(existsSync(path.join(out, '.huiliu', 'lock'))).toBe(true);

    upstream['/voa.xml']!.hold = false;
    const next = await runBuild({ loaded, outDir: out, clock: at('2026-01-01T01:00:00Z') });
    expect(next.status).toBe(0);
    expect(snapshot()['dw.atom']).toContain('天津与北京');
    expect(existsSync(path.join(out, '.huiliu', 'lock'))).toBe(false);
  });

  it('keeps the store where the config\'s "store" says, relative to the config file', async () => {
    await runBuild({ loaded: await load({ store: 'state/huiliu.sqlite' }), outDir: out });
    expect(existsSync(path.join(dir, 'state', 'huiliu.sqlite'))).toBe(true);
    expect(existsSync(path.join(out, '.huiliu', 'store.sqlite'))).toBe(false);
  });

  it('fetches at most fetch.concurrency sources at once', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = await startServer((_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('voa.xml'));
      }, 100);
    });
    try {
      const sources = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, adapter: 'voa', url: `${slow.url}/${id}.xml` }));
      const summary = await runBuild({ loaded: await load({ fetch: { concurrency: 2, retries: 0 } }, sources), outDir: out });
      expect(summary.status).toBe(0);
      expect(slow.requests).toHaveLength(5);
      expect(most).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it('removes the feed of a source taken out of the config, and only files huiliu wrote', async () => {
    await runBuild({ loaded: await load(), outDir: out });
    writeFileSync(path.join(out, 'README.txt'), 'mine');
    const fewer = await load({ formats: ['atom'] }, [{ id: 'voa', adapter: 'voa', url: `${server.url}/voa.xml` }]);
    await runBuild({ loaded: fewer, outDir: out });
    expect(readdirSync(out).filter((n) => !n.startsWith('.')).sort()).toEqual(
      ['README.txt', 'feeds.opml', 'icon.svg', 'index.html', 'logo.svg', 'merged.atom', 'status.json', 'voa.atom'],
    );
  });

  it('renders the feeds and dedups in workers as it does on one thread, while recording and publishing the same run', async () => {
    const loaded = await load();
    const alone = await runBuild({ loaded, outDir: out, clock: at('2026-01-01T00:00:00Z') });
    const onOneThread = snapshot();
    // The same run again into a new folder and store, its feeds rendered by a worker: every source is
    // fetched afresh, and the four items of the three outlet feeds are asked to be rendered.
    const pooledOut = path.join(dir, 'pooled');
    const asked: number[] = [];
    const dedupAsked: number[] = [];
    const pooled = await runBuild({
      loaded,
      outDir: pooledOut,
      clock: at('2026-01-01T00:00:00Z'),
      startRenderPool: (items) => {
        asked.push(items);
        return RenderPool.start({ workerFile: COMPILED_RENDER_WORKER, threads: 2 });
      },
      startDedupWorker: (items) => {
        dedupAsked.push(items);
        return DedupWorker.start({ workerFile: COMPILED_DEDUP_WORKER, threads: 2 });
      },
    });
    expect(asked).toEqual([4]);
    expect(dedupAsked).toEqual([4]);
    expect(pooled.status).toBe(0);
    out = pooledOut;
    expect(snapshot()).toEqual(onOneThread);
    expect(pooled.result.stories.map((s) => s.id)).toEqual(alone.result.stories.map((s) => s.id));
    // No worker is started when nothing is to be rendered.
    asked.length = 0;
    dedupAsked.length = 0;
    const unchanged = await runBuild({
      loaded,
      outDir: pooledOut,
      startRenderPool: (items) => (asked.push(items), undefined),
      startDedupWorker: (items) => (dedupAsked.push(items), undefined),
    });
    expect(unchanged.result.outputsUnchanged).toBe(true);
    expect(asked).toEqual([]);
    expect(dedupAsked).toEqual([]);
  });

  it('records nothing of a run stopped by its signal', async () => {
    const loaded = await load();
    await runBuild({ loaded, outDir: out, clock: at('2026-01-01T00:00:00Z') });
    const storeFile = storePath(loaded, out);
    const before = Store.open(storeFile);
    const memory = before.load();
    before.close();
    const stop = new AbortController();
    stop.abort();
    const stopped = await runBuild({ loaded, outDir: out, clock: at('2026-01-02T00:00:00Z'), signal: stop.signal });
    expect(stopped.abandoned).toBe(true);
    const after = Store.open(storeFile);
    expect(after.load()).toEqual(memory);
    after.close();
  });
});
