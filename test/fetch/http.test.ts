import { readFileSync } from 'node:fs';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, USER_AGENT, type HttpOptions } from '../../src/fetch/http.js';
import { version } from '../../src/version.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const voa = readFileSync(new URL('../fixtures/feeds/voa.xml', import.meta.url));
const gbk = readFileSync(new URL('../fixtures/feeds/gbk.xml', import.meta.url));

/** Small delays and limits so every request loop here is bounded in count and in time. */
function client(overrides: Partial<HttpOptions> = {}): HttpClient {
  return new HttpClient({
    timeoutMs: 2_000,
    retries: 2,
    maxBytes: 1024 * 1024,
    maxRedirects: 3,
    backoffBaseMs: 20,
    maxRetryAfterMs: 5_000,
    random: () => 0.5,
    now: () => new Date(),
    ...overrides,
  });
}

let servers: TestServer[] = [];
let clients: HttpClient[] = [];
async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}
function using(http: HttpClient): HttpClient {
  clients.push(http);
  return http;
}

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

const feed = (res: import('node:http').ServerResponse, body: Buffer = voa, headers: Record<string, string> = {}): void => {
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers });
  res.end(body);
};

describe('HttpClient against servers on 127.0.0.1', () => {
  it('GETs a feed naming huiliu and its version, and returns its validators', async () => {
    const server = await serve((_req, res) => feed(res, voa, { etag: '"v1"', 'last-modified': 'Thu, 15 Apr 2021 14:00:00 GMT' }));
    const outcome = await using(client()).fetch(`${server.url}/rss/mgzy1.xml`);
    expect(outcome.status).toBe('fresh');
    if (outcome.status !== 'fresh') return;
    expect(outcome.text).toContain('克里抵达上海');
    expect(outcome.validators).toEqual({ etag: '"v1"', lastModified: 'Thu, 15 Apr 2021 14:00:00 GMT' });
    expect(server.requests[0]!.headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toContain(`huiliu/${version}`);
  });

  it('sends the validators back and reads a 304 as "unchanged"', async () => {
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304).end();
      } else feed(res);
    });
    const outcome = await using(client()).fetch(`${server.url}/feed`, { etag: '"v1"', lastModified: 'Thu, 15 Apr 2021 14:00:00 GMT' });
    expect(outcome).toEqual({ status: 'unchanged' });
    expect(server.requests[0]!.headers['if-modified-since']).toBe('Thu, 15 Apr 2021 14:00:00 GMT');
  });

  it('does not take a 304 to an unconditional request for "unchanged"', async () => {
    const server = await serve((_req, res) => res.writeHead(304).end());
    await expect(using(client()).fetch(`${server.url}/feed`)).rejects.toThrow(/HTTP 304 to a request that was not conditional/);
  });

  it('retries a 500 and a 503, then succeeds', async () => {
    const server = await serve((_req, res, n) => {
      if (n <= 2) res.writeHead(n === 1 ? 500 : 503).end('busy');
      else feed(res);
    });
    const outcome = await using(client()).fetch(`${server.url}/feed`);
    expect(outcome.status).toBe('fresh');
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the configured retries and says how many attempts it made', async () => {
    const server = await serve((_req, res) => res.writeHead(502).end());
    await expect(using(client({ retries: 2 })).fetch(`${server.url}/feed`)).rejects.toThrow(/HTTP 502 \(after 3 attempts\)/);
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After on a 429 before trying again', async () => {
    const server = await serve((_req, res, n) => {
      if (n === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else feed(res);
    });
    const started = Date.now();
    const outcome = await using(client()).fetch(`${server.url}/feed`);
    expect(outcome.status).toBe('fresh');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('leaves a Retry-After longer than it will wait to the next run', async () => {
    const server = await serve((_req, res) => res.writeHead(503, { 'retry-after': '3600' }).end());
    await expect(using(client()).fetch(`${server.url}/feed`)).rejects.toThrow(/retry after 3600 s, left to the next run/);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 404', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end());
    await expect(using(client()).fetch(`${server.url}/feed`)).rejects.toThrow(/HTTP 404$/);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a server that never answers, after each bounded attempt', async () => {
    const server = await serve(() => {
      /* holds the request open */
    });
    const started = Date.now();
    await expect(using(client({ timeoutMs: 300, retries: 1 })).fetch(`${server.url}/feed`)).rejects.toThrow(/timed out after 0.3 s \(after 2 attempts\)/);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('times out a body that stalls halfway', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write(voa.subarray(0, 100));
    });
    await expect(using(client({ timeoutMs: 300, retries: 0 })).fetch(`${server.url}/feed`)).rejects.toThrow(/timed out/);
  });

  it('retries a connection reset, then succeeds', async () => {
    const server = await serve((req, res, n) => {
      if (n === 1) req.socket.destroy();
      else feed(res);
    });
    const outcome = await using(client()).fetch(`${server.url}/feed`);
    expect(outcome.status).toBe('fresh');
    expect(server.requests).toHaveLength(2);
  });

  it('reports a connection reset mid-body when every attempt is reset', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(voa.length) });
      res.write(voa.subarray(0, 50), () => req.socket.destroy());
    });
    await expect(using(client({ retries: 1 })).fetch(`${server.url}/feed`)).rejects.toThrow(/other side closed .*\(after 2 attempts\)/);
    expect(server.requests).toHaveLength(2);
  });

  it('cuts off a body over the limit while it streams, with bounded memory', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      // Endless body without a Content-Length: only the streaming limit can stop it.
      const pump = (): void => {
        while (res.write(chunk)) if (res.destroyed) return;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    await expect(using(client({ maxBytes: 2 * 1024 * 1024 })).fetch(`${server.url}/feed`)).rejects.toThrow(
      /larger than the limit of 2097152 bytes \(fetch.maxBytes\); cut off/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * 1024 * 1024) });
      res.write('<rss>');
    });
    await expect(using(client()).fetch(`${server.url}/feed`)).rejects.toThrow(/body of 52428800 bytes is larger than the limit/);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decodes a %s body', async (coding, compress) => {
    const server = await serve((_req, res) => feed(res, compress(voa), { 'content-encoding': coding }));
    const outcome = await using(client()).fetch(`${server.url}/feed`);
    expect(outcome.status === 'fresh' && outcome.text).toContain('克里抵达上海');
    expect(server.requests[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('stops a gzip bomb at the limit of decompressed bytes', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const server = await serve((_req, res) => feed(res, bomb, { 'content-encoding': 'gzip' }));
    await expect(using(client({ maxBytes: 1024 * 1024 })).fetch(`${server.url}/feed`)).rejects.toThrow(/cut off/);
  });

  it('follows redirects up to the limit, and no further', async () => {
    const server = await serve((req, res) => {
      const hop = Number(req.url!.split('/').pop());
      if (req.url!.startsWith('/loop/')) res.writeHead(302, { location: `/loop/${hop + 1}` }).end();
      else if (hop < 3) res.writeHead(301, { location: `/hop/${hop + 1}` }).end();
      else feed(res);
    });
    const outcome = await using(client({ maxRedirects: 3 })).fetch(`${server.url}/hop/0`);
    expect(outcome.status).toBe('fresh');
    await expect(using(client({ maxRedirects: 3 })).fetch(`${server.url}/loop/0`)).rejects.toThrow(/redirected more than 3 times/);
    expect(server.requests.filter((r) => r.url!.startsWith('/loop/'))).toHaveLength(4);
  });

  it('decodes a GBK feed whose charset is only in the XML declaration', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(gbk);
    });
    const outcome = await using(client()).fetch(`${server.url}/feed`);
    expect(outcome.status === 'fresh' && outcome.text).toContain('新京报讯 美国总统气候问题特使克里抵达上海');
  });

  it('rejects a web page served in place of the feed', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>Please log in</body></html>');
    });
    await expect(using(client()).fetch(`${server.url}/feed`)).rejects.toThrow(/wrong content: expected a feed, got text\/html/);
    expect(server.requests).toHaveLength(1);
  });

  it('abandons at once when its signal is aborted, without retrying', async () => {
    const controller = new AbortController();
    const server = await serve(() => {
      controller.abort();
    });
    await expect(using(client({ signal: controller.signal, timeoutMs: 5_000 })).fetch(`${server.url}/feed`)).rejects.toThrow(/abandoned/);
    expect(server.requests).toHaveLength(1);
  });
});
