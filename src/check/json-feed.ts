import { duplicates, isAbsoluteHttpUrl, isRfc3339 } from './rules.js';

const VERSION_1_1 = 'https://jsonfeed.org/version/1.1';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function strings(obj: Json, where: string, names: string[], reasons: string[]): void {
  for (const name of names) {
    if (obj[name] !== undefined && typeof obj[name] !== 'string') reasons.push(`${where}: "${name}" must be a string`);
  }
}

function urls(obj: Json, where: string, names: string[], reasons: string[]): void {
  for (const name of names) {
    const value = obj[name];
    if (typeof value === 'string' && !isAbsoluteHttpUrl(value)) reasons.push(`${where}: "${name}" "${value}" is not an absolute URL`);
  }
}

/** 1.1: `authors` is an array of objects, each with at least one of name, url, avatar. */
function authors(obj: Json, where: string, reasons: string[]): void {
  const list = obj['authors'];
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    reasons.push(`${where}: "authors" must be an array`);
    return;
  }
  for (const author of list) {
    if (!isObject(author) || !['name', 'url', 'avatar'].some((k) => typeof author[k] === 'string')) {
      reasons.push(`${where}: an author needs at least one of "name", "url", "avatar"`);
    } else urls(author, where, ['url', 'avatar'], reasons);
  }
}

function checkItem(item: unknown, where: string, reasons: string[]): string | undefined {
  if (!isObject(item)) {
    reasons.push(`${where}: not an object`);
    return undefined;
  }
  const id = item['id'];
  if (typeof id !== 'string' || id === '') reasons.push(`${where}: "id" is required and must be a non-empty string`);
  strings(item, where, ['url', 'external_url', 'title', 'content_html', 'content_text', 'summary', 'image', 'banner_image', 'language'], reasons);
  if (typeof item['content_html'] !== 'string' && typeof item['content_text'] !== 'string') {
    reasons.push(`${where}: needs "content_html" or "content_text"`);
  }
  urls(item, where, ['url', 'external_url', 'image', 'banner_image'], reasons);
  for (const name of ['date_published', 'date_modified']) {
    const value = item[name];
    if (value !== undefined && (typeof value !== 'string' || !isRfc3339(value))) reasons.push(`${where}: "${name}" is not an RFC 3339 date-time`);
  }
  const tags = item['tags'];
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) reasons.push(`${where}: "tags" must be an array of strings`);
  authors(item, where, reasons);
  return typeof id === 'string' ? id : undefined;
}

/** The JSON Feed 1.1 specification's rules for one document, as reasons (empty when it passes). */
export function checkJsonFeed(content: string): string[] {
  let feed: unknown;
  try {
    feed = JSON.parse(content);
  } catch (error) {
    return [`not valid JSON: ${(error as Error).message}`];
  }
  if (!isObject(feed)) return ['the document is not a JSON object'];
  const reasons: string[] = [];
  if (feed['version'] !== VERSION_1_1) reasons.push(`feed: "version" is ${JSON.stringify(feed['version'])}, not "${VERSION_1_1}"`);
  if (typeof feed['title'] !== 'string' || feed['title'] === '') reasons.push('feed: "title" is required');
  strings(feed, 'feed', ['home_page_url', 'feed_url', 'description', 'user_comment', 'next_url', 'icon', 'favicon', 'language'], reasons);
  urls(feed, 'feed', ['home_page_url', 'feed_url', 'next_url', 'icon', 'favicon'], reasons);
  authors(feed, 'feed', reasons);
  const items = feed['items'];
  if (!Array.isArray(items)) return [...reasons, 'feed: "items" is required and must be an array'];
  const ids = items.map((item, i) => checkItem(item, `item ${i + 1}`, reasons));
  for (const dup of duplicates(ids.filter((v): v is string => v !== undefined))) reasons.push(`feed: item id "${dup}" used more than once`);
  return reasons;
}
