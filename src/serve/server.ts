import { XMLParser } from 'fast-xml-parser';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { escapeText } from '../clean/text.js';

/** Content types by name ending, most specific first; anything else in the folder is not served. */
const CONTENT_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['.atom', 'application/atom+xml; charset=utf-8'],
  ['.rss', 'application/rss+xml; charset=utf-8'],
  ['.xml', 'application/xml; charset=utf-8'],
  ['.feed.json', 'application/feed+json; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.opml', 'text/x-opml; charset=utf-8'],
  ['.html', 'text/html; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.txt', 'text/plain; charset=utf-8'],
];

function contentTypeOf(name: string): string | undefined {
  return CONTENT_TYPES.find(([ending]) => name.endsWith(ending))?.[1];
}

/** Feed types for autodiscovery links on the index page. */
const FEED_TYPES: Record<string, string> = {
  '.atom': 'application/atom+xml',
  '.rss': 'application/rss+xml',
};

/** A file as served: read from disk and gzipped once per version (the key is its inode, size and mtime). */
interface CachedFile {
  key: string;
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  lastModified: string;
}

const titleParser = new XMLParser({ ignoreAttributes: true, processEntities: true, htmlEntities: true });

/** A visible file directly in the folder with a known type — never huiliu's state, never a path outside. */
function servableName(urlPath: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(urlPath.replace(/^\//, ''));
  } catch {
    return undefined;
  }
  if (name === '' || name.startsWith('.') || name !== path.basename(name)) return undefined;
  return contentTypeOf(name) === undefined ? undefined : name;
}

function feedTitle(body: Buffer, fallback: string): string {
  try {
    const doc = titleParser.parse(body.toString('utf8')) as Record<string, { title?: unknown; channel?: { title?: unknown } }>;
    const title = doc['feed']?.title ?? doc['rss']?.channel?.title;
    return typeof title === 'string' && title.trim() !== '' ? title : fallback;
  } catch {
    return fallback;
  }
}

/** Does the request's If-None-Match (a list, or *) name this ETag? */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function notModifiedSince(header: string | undefined, lastModified: string): boolean {
  if (header === undefined) return false;
  const since = Date.parse(header);
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

/**
 * Serves the output folder read-only: known file types with their content types, strong ETags and
 * Last-Modified answered with 304, gzip when the client takes it, and an index page at `/` (the folder's
 * index.html when there is one, else a generated list with autodiscovery links).
 */
export class FeedServer {
  private readonly cache = new Map<string, CachedFile>();

  constructor(private readonly dir: string) {}

  listen(port: number, host: string): Promise<Server> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(`internal error: ${(error as Error).message}\n`);
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }

  private async load(name: string): Promise<CachedFile | undefined> {
    const file = path.join(this.dir, name);
    let info;
    try {
      info = await stat(file);
    } catch {
      return undefined;
    }
    if (!info.isFile()) return undefined;
    // Publishing renames a new file into place, so a new version has a new inode.
    const key = `${info.ino}:${info.size}:${info.mtimeMs}`;
    const cached = this.cache.get(name);
    if (cached?.key === key) return cached;
    const body = await readFile(file);
    const entry: CachedFile = {
      key,
      body,
      gzipped: gzipSync(body),
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      lastModified: info.mtime.toUTCString(),
    };
    this.cache.set(name, entry);
    return entry;
  }

  private async indexPage(): Promise<CachedFile> {
    // Before the first build the folder may not exist yet: an empty list, not an error.
    const all = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const names = all.filter((name) => FEED_TYPES[path.extname(name)] !== undefined).sort();
    const feeds = await Promise.all(
      names.map(async (name) => {
        const file = await this.load(name);
        return { name, title: feedTitle(file?.body ?? Buffer.alloc(0), name), modified: Date.parse(file?.lastModified ?? '') || 0 };
      }),
    );
    const links = feeds.map(
      (f) => `<link rel="alternate" type="${FEED_TYPES[path.extname(f.name)]}" href="${escapeText(encodeURIComponent(f.name))}" title="${escapeText(f.title)}">`,
    );
    const items = feeds.map((f) => `<li><a href="${escapeText(encodeURIComponent(f.name))}">${escapeText(f.title)}</a> <code>${escapeText(f.name)}</code></li>`);
    const html = `<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>huiliu 汇流 — feeds</title>
${links.join('\n')}
</head>
<body>
<h1>huiliu 汇流 — feeds</h1>
<ul>
${items.join('\n')}
</ul>
</body>
</html>
`;
    const body = Buffer.from(html, 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    // The list changes when a feed does, so the newest feed's time is the page's.
    const lastModified = new Date(Math.max(0, ...feeds.map((f) => f.modified))).toUTCString();
    return { key: etag, body, gzipped: gzipSync(body), etag, lastModified };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('method not allowed\n');
      return;
    }
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    let file: CachedFile | undefined;
    let type: string;
    if (urlPath === '/' || urlPath === '/index.html') {
      file = (await this.load('index.html')) ?? (await this.indexPage());
      type = contentTypeOf('index.html')!;
    } else {
      const name = servableName(urlPath);
      file = name === undefined ? undefined : await this.load(name);
      type = name === undefined ? '' : contentTypeOf(name)!;
    }
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    // A strong ETag names one representation, so the gzipped bytes get their own.
    const etag = gzip ? file.etag.replace(/"$/, '-gzip"') : file.etag;
    const headers: Record<string, string> = {
      'content-type': type,
      etag,
      'last-modified': file.lastModified,
      vary: 'Accept-Encoding',
      'cache-control': 'no-cache',
    };
    const ifNoneMatch = request.headers['if-none-match'];
    const fresh = ifNoneMatch !== undefined ? matchesEtag(ifNoneMatch, etag) : notModifiedSince(request.headers['if-modified-since'], file.lastModified);
    if (fresh) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    const body = gzip ? file.gzipped : file.body;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(body.length);
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  }
}
