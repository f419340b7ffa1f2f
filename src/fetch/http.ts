import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import { version } from '../version.js';
import { decodeDocument } from './charset.js';
import { backoffMs, isRetryableStatus, parseRetryAfter } from './retry.js';

export const USER_AGENT = `huiliu/${version} (+https://github.com/huiliu/huiliu)`;

/** The HTTP validators of a response, sent back on the next request for a conditional GET. */
export interface Validators {
  etag?: string;
  lastModified?: string;
  /**
   * A file source's own validator: a hash of its bytes and of what its items are made with (see
   * read-source.ts). The same hash next time means the stored items are what reading would make.
   */
  contentHash?: string;
}

/** A new document (200), or the one we already have (304). */
export type HttpOutcome =
  | { status: 'fresh'; text: string; contentType?: string; validators: Validators }
  | { status: 'unchanged' };

export interface HttpOptions {
  timeoutMs: number;
  retries: number;
  maxBytes: number;
  maxRedirects: number;
  /** The first retry waits about this long, each next one twice as long. */
  backoffBaseMs: number;
  /** A `Retry-After` longer than this is not waited for: the next scheduled run tries again. */
  maxRetryAfterMs: number;
  random: () => number;
  now: () => Date;
  /** Aborts every request in flight (watch stopping); an aborted fetch is not retried. */
  signal?: AbortSignal;
}

export function httpOptionsFrom(fetch: Config['fetch'], signal?: AbortSignal): HttpOptions {
  return {
    timeoutMs: fetch.timeoutSeconds * 1000,
    retries: fetch.retries,
    maxBytes: fetch.maxBytes,
    maxRedirects: fetch.maxRedirects,
    backoffBaseMs: 1000,
    maxRetryAfterMs: 120_000,
    random: Math.random,
    now: () => new Date(),
    signal,
  };
}

/** A failed fetch: its message is for the user; `retryable` says whether another attempt may help. */
export class FetchError extends UserError {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Decoders for the content codings we ask for (undici's own decompress interceptor is still experimental). */
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5';

/** Content types that say "a web page, not a feed": a portal, an error page, a parked domain. */
const NOT_A_FEED = /^\s*text\/html\b/i;

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new FetchError('abandoned', false));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new FetchError('abandoned', false));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What a network-level failure means to the user, and whether it is worth another attempt. */
function networkError(error: unknown, timeoutSignal: AbortSignal, options: HttpOptions): FetchError {
  if (options.signal?.aborted) return new FetchError('abandoned', false);
  if (timeoutSignal.aborted) return new FetchError(`timed out after ${options.timeoutMs / 1000} s`, true);
  if (error instanceof FetchError) return error;
  const code = (error as { code?: string }).code;
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const detail = [code, cause].filter(Boolean).join(' / ');
  return new FetchError(`${(error as Error).message}${detail ? ` (${detail})` : ''}`, true);
}

/**
 * Fetches feeds over HTTP with undici: conditional GET, gzip/deflate/br, a redirect limit, a size limit
 * enforced while the body streams in, a timeout per attempt, and bounded retries with backoff and jitter.
 * One client per build so connections to one host (all of feedx) are pooled.
 */
export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly agent: Agent;

  constructor(private readonly options: HttpOptions) {
    this.agent = new Agent();
    this.dispatcher = this.agent.compose(interceptors.redirect({ maxRedirections: options.maxRedirects }));
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** GETs `url`, retrying what may pass; a failure is a FetchError naming what went wrong. */
  async fetch(url: string, validators: Validators = {}): Promise<HttpOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.attempt(url, validators);
        // A 304 to an unconditional request would republish nothing as if it were the feed.
        if (outcome.status === 'unchanged' && !validators.etag && !validators.lastModified) {
          throw new FetchError('HTTP 304 to a request that was not conditional', false);
        }
        return outcome;
      } catch (error) {
        if (!(error instanceof FetchError)) throw error;
        const retriesLeft = attempt < this.options.retries;
        if (!error.retryable || !retriesLeft) {
          const tries = attempt + 1;
          throw new FetchError(`${url}: ${error.message}${tries > 1 ? ` (after ${tries} attempts)` : ''}`, false);
        }
        if (error.retryAfterMs !== undefined && error.retryAfterMs > this.options.maxRetryAfterMs) {
          throw new FetchError(`${url}: ${error.message}; asked to retry after ${Math.ceil(error.retryAfterMs / 1000)} s, left to the next run`, false);
        }
        await sleep(backoffMs(attempt, this.options.backoffBaseMs, this.options.random, error.retryAfterMs), this.options.signal);
      }
    }
  }

  private async attempt(url: string, validators: Validators): Promise<HttpOutcome> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    try {
      const response = await request(url, { dispatcher: this.dispatcher, headers, signal });
      return await this.readResponse(response);
    } catch (error) {
      throw networkError(error, timeout, this.options);
    }
  }

  private async readResponse(response: Dispatcher.ResponseData): Promise<HttpOutcome> {
    const { statusCode, headers, body } = response;
    if (statusCode === 304) {
      await body.dump();
      return { status: 'unchanged' };
    }
    // The redirect interceptor hands back the redirect it would not follow.
    if (statusCode >= 300 && statusCode < 400 && header(headers, 'location') !== undefined) {
      await body.dump();
      throw new FetchError(`redirected more than ${this.options.maxRedirects} times (fetch.maxRedirects)`, false);
    }
    if (statusCode < 200 || statusCode >= 300) {
      await body.dump();
      const retryAfter = parseRetryAfter(header(headers, 'retry-after'), this.options.now());
      throw new FetchError(`HTTP ${statusCode}`, isRetryableStatus(statusCode), retryAfter);
    }
    const contentType = header(headers, 'content-type');
    if (contentType !== undefined && NOT_A_FEED.test(contentType)) {
      await body.dump();
      throw new FetchError(`wrong content: expected a feed, got ${contentType.split(';')[0]}`, false);
    }
    const declared = Number(header(headers, 'content-length'));
    if (declared > this.options.maxBytes) {
      body.destroy();
      throw new FetchError(`body of ${declared} bytes is larger than the limit of ${this.options.maxBytes} bytes (fetch.maxBytes)`, false);
    }
    const coding = header(headers, 'content-encoding')?.trim().toLowerCase();
    let decoded: Readable = body;
    if (coding !== undefined && coding !== '' && coding !== 'identity') {
      const decoder = DECODERS[coding];
      if (decoder === undefined) {
        body.destroy();
        throw new FetchError(`unsupported content encoding "${coding}"`, false);
      }
      decoded = body.pipe(decoder()) as unknown as Readable;
      body.on('error', (error) => decoded.destroy(error));
    }
    // Counted after decompression, while streaming: a small gzip bomb stops at maxBytes too.
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of decoded) {
        size += (chunk as Buffer).length;
        if (size > this.options.maxBytes) {
          throw new FetchError(`body larger than the limit of ${this.options.maxBytes} bytes (fetch.maxBytes); cut off`, false);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      body.destroy();
      decoded.destroy();
      if (error instanceof FetchError) throw error;
      if ((error as { code?: string }).code?.startsWith('Z_')) {
        throw new FetchError(`corrupt ${coding} body: ${(error as Error).message}`, false);
      }
      throw error;
    }
    const validators: Validators = {};
    const etag = header(headers, 'etag');
    const lastModified = header(headers, 'last-modified');
    if (etag) validators.etag = etag;
    if (lastModified) validators.lastModified = lastModified;
    let text: string;
    try {
      text = decodeDocument(Buffer.concat(chunks), contentType);
    } catch (error) {
      throw new FetchError((error as Error).message, false);
    }
    return { status: 'fresh', text, contentType, validators };
  }
}
