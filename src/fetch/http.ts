import { request } from 'undici';
import { UserError } from '../errors.js';
import { version } from '../version.js';

export const USER_AGENT = `huiliu/${version} (+https://github.com/huiliu/huiliu)`;

const TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** One GET of a feed; a failure is a UserError naming the URL and what went wrong. */
export async function fetchText(url: string): Promise<string> {
  let response;
  try {
    response = await request(url, {
      headers: { 'user-agent': USER_AGENT, accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5' },
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
  } catch (error) {
    throw new UserError(`${url}: ${(error as Error).message}`);
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    await response.body.dump();
    throw new UserError(`${url}: HTTP ${response.statusCode}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      response.body.destroy();
      throw new UserError(`${url}: body larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
