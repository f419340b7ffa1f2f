import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedServer } from '../../src/serve/server.js';
import { tempDir } from '../helpers/temp-dir.js';

const MERGED = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:huiliu:feed:merged</id><title>汇流 &amp; merged</title><updated>2026-01-01T00:00:00Z</updated></feed>
`;

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = tempDir('huiliu-serve-');
  writeFileSync(path.join(dir, 'merged.atom'), MERGED);
  writeFileSync(path.join(dir, 'voa.atom'), MERGED.replace('汇流 &amp; merged', 'VOA'));
  writeFileSync(path.join(dir, 'status.json'), '{"sources":[]}\n');
  writeFileSync(path.join(dir, 'merged.feed.json'), '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}\n');
  writeFileSync(path.join(dir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  mkdirSync(path.join(dir, '.huiliu'));
  writeFileSync(path.join(dir, '.huiliu', 'store.sqlite'), 'secret');
  server = await new FeedServer(dir).listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await request(`${base}${url}`, { headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
};

describe('huiliu serve', () => {
  it('serves a feed with its content type, an ETag and Last-Modified', async () => {
    const response = await get('/merged.atom');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers['etag']).toMatch(/^"[\w-]+"$/);
    expect(new Date(String(response.headers['last-modified'])).getTime()).not.toBeNaN();
    expect(response.body.toString('utf8')).toBe(MERGED);
    expect((await get('/status.json')).headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('serves JSON Feeds as application/feed+json and the feeds\' SVG icon', async () => {
    expect((await get('/merged.feed.json')).headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const icon = await get('/icon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
  });

  it('answers If-None-Match with 304 and no body, and a stale tag with the feed', async () => {
    const etag = String((await get('/merged.atom')).headers['etag']);
    const again = await get('/merged.atom', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);
    expect(again.headers['etag']).toBe(etag);
    expect((await get('/merged.atom', { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('answers If-Modified-Since with 304', async () => {
    const lastModified = String((await get('/merged.atom')).headers['last-modified']);
    expect((await get('/merged.atom', { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get('/merged.atom', { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(200);
  });

  it('gzips for clients that accept it, with its own ETag', async () => {
    const plain = await get('/merged.atom');
    const zipped = await get('/merged.atom', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toBe('Accept-Encoding');
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(MERGED);
    expect(zipped.headers['etag']).not.toBe(plain.headers['etag']);
    const again = await get('/merged.atom', { 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers['etag']) });
    expect(again.status).toBe(304);
  });

  it('serves an index page that links every feed with autodiscovery', async () => {
    const index = await get('/');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = index.body.toString('utf8');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" href="merged.atom" title="汇流 &amp; merged">');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" href="voa.atom" title="VOA">');
  });

  it('prefers the folder\'s own index.html when there is one', async () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>mine</title>');
    try {
      expect((await get('/')).body.toString('utf8')).toBe('<!doctype html><title>mine</title>');
    } finally {
      rmSync(path.join(dir, 'index.html'));
    }
  });

  it.each(['/.huiliu/store.sqlite', '/%2e%2e/etc/passwd', '/..%2fetc%2fpasswd', '/missing.atom', '/store.sqlite'])(
    'answers 404 for %s',
    async (url) => {
      expect((await get(url)).status).toBe(404);
    },
  );

  it('serves a new version once it is published (a new file renamed into place)', async () => {
    const before = String((await get('/voa.atom')).headers['etag']);
    writeFileSync(path.join(dir, '.voa.tmp'), MERGED.replace('汇流 &amp; merged', 'VOA 2'));
    renameSync(path.join(dir, '.voa.tmp'), path.join(dir, 'voa.atom'));
    const after = await get('/voa.atom', { 'if-none-match': before });
    expect(after.status).toBe(200);
    expect(after.body.toString('utf8')).toContain('VOA 2');
  });

  it('answers an empty index and 404s before the first build has made the folder', async () => {
    const empty = await new FeedServer(path.join(dir, 'not-built-yet')).listen(0, '127.0.0.1');
    try {
      const at = `http://127.0.0.1:${(empty.address() as AddressInfo).port}`;
      const index = await request(`${at}/`);
      expect(index.statusCode).toBe(200);
      expect(await index.body.text()).not.toContain('<link rel="alternate"');
      const feed = await request(`${at}/merged.atom`);
      await feed.body.dump();
      expect(feed.statusCode).toBe(404);
    } finally {
      empty.closeAllConnections();
      await new Promise((resolve) => empty.close(resolve));
    }
  });
});
