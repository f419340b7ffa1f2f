import { parse as parseYaml } from 'yaml';
import type { RawItem } from '../types.js';

/**
 * Snapshot documents: one saved feed item per file, as news-mirror bots write them.
 *
 *   ---                      optional YAML front matter (title, date, author, from)
 *   ---
 *   <!--1688706422000-->     publication time, epoch milliseconds
 *   [title](https://…)       title and article link
 *   ------
 *   <body HTML>
 *
 * A document with no header at all is a bare body: HTML, or plain text on one line.
 */

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;
const EPOCH_LINE = /^<!--\s*(\d{10,14})\s*-->\s*$/;
const RULE_LINE = /^-{3,}\s*$/;

interface FrontMatter {
  title?: string;
  date?: Date;
  from?: string;
}

function readFrontMatter(yamlText: string): FrontMatter {
  let data: unknown;
  try {
    data = parseYaml(yamlText, { prettyErrors: false });
  } catch {
    return {};
  }
  if (typeof data !== 'object' || data === null) return {};
  const record = data as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const rawDate = record['date'];
  const date = rawDate instanceof Date ? rawDate : typeof rawDate === 'string' ? new Date(rawDate) : undefined;
  return {
    title: str(record['title']),
    date: date !== undefined && !Number.isNaN(date.getTime()) ? date : undefined,
    from: str(record['from']),
  };
}

/** `[title](link)`: the link is the last parenthesised part, so a title may hold brackets. */
function readTitleLine(line: string): { title: string; link: string } | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(')')) return undefined;
  const split = trimmed.lastIndexOf('](');
  if (split < 0) return undefined;
  return { title: trimmed.slice(1, split), link: trimmed.slice(split + 2, -1).trim() };
}

const looksLikeHtml = (body: string): boolean => /<[a-z][a-z0-9]*[\s>/]/i.test(body);

/**
 * The waimei bot writes the feed's description between a `<div>` line and a `</div>` line. Unwrapped as
 * text, because bodies with stray unbalanced tags (`<divclass=…>`) would make an HTML parser nest
 * the whole article one level deeper than the date line expects.
 */
const BOT_WRAPPER = /^<div>[ \t]*\r?\n([\s\S]*)\r?\n[ \t]*<\/div>$/;
const unwrapBotWrapper = (body: string): string => BOT_WRAPPER.exec(body)?.[1]?.trim() ?? body;

export function isSnapshotDocument(text: string): boolean {
  const rest = text.replace(/^\uFEFF/, '').replace(FRONT_MATTER, '');
  return EPOCH_LINE.test(rest.split('\n', 1)[0] ?? '');
}

export function parseSnapshot(text: string, sourceId: string): RawItem {
  let rest = text.replace(/^\uFEFF/, '');
  const frontMatch = FRONT_MATTER.exec(rest);
  if (frontMatch) rest = rest.slice(frontMatch[0].length);
  // Read only when the header lacks something: YAML parsing costs more than the rest of this function.
  const front = (): FrontMatter => (frontMatch ? readFrontMatter(frontMatch[1]!) : {});
  const lines = rest.split('\n');
  const epoch = EPOCH_LINE.exec(lines[0] ?? '');
  // The front matter's author is the mirror bot's outlet label (美国之音, 法广…), never a person, so it
  // is not an author; the outlet is known from the link anyway.
  if (!epoch) {
    const body = unwrapBotWrapper(rest.trim());
    const { title, from, date } = front();
    return { sourceId, title, link: from, published: date, body, bodyFormat: looksLikeHtml(body) ? 'html' : 'text' };
  }
  const header = readTitleLine(lines[1] ?? '');
  const ruleAt = RULE_LINE.test(lines[2] ?? '') ? 3 : header ? 2 : 1;
  const body = unwrapBotWrapper(lines.slice(ruleAt).join('\n').trim());
  return {
    sourceId,
    title: header?.title || front().title,
    link: header?.link || front().from,
    published: new Date(Number(epoch[1])),
    body,
    bodyFormat: looksLikeHtml(body) ? 'html' : 'text',
  };
}
