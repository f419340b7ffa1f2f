import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceConfig } from '../config.js';
import { UserError } from '../errors.js';
import type { SourceDocument } from '../parse/index.js';
import { decodeDocument } from './charset.js';
import type { HttpClient, Validators } from './http.js';

/** A source's documents, with the HTTP validators to send next time; or "unchanged since last time" (304). */
export type SourceRead =
  | { status: 'fresh'; documents: SourceDocument[]; validators?: Validators }
  | { status: 'unchanged' };

/** A feed served over HTTP starts with markup; anything else (a text error page) is not one. */
const looksLikeMarkup = (text: string): boolean => /^\uFEFF?\s*</.test(text);

/** Files in a folder source that hold documents; anything else (README, images) is skipped. */
const DOCUMENT_EXTENSIONS = new Set(['.txt', '.md', '.xml', '.rss', '.atom']);

async function readLocal(target: string, shownAs: string): Promise<SourceDocument[]> {
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${shownAs}: no such file or folder` : `${shownAs}: cannot read (${code})`);
  }
  if (info.isFile()) return [{ name: shownAs, text: decodeDocument(await readFile(target)) }];
  const names = (await readdir(target))
    .filter((name) => !name.startsWith('.') && DOCUMENT_EXTENSIONS.has(path.extname(name).toLowerCase()))
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name: path.join(shownAs, name),
      text: decodeDocument(await readFile(path.join(target, name))),
    })),
  );
}

/**
 * Reads every document of one configured source. `configDir` anchors relative paths; `validators` from
 * the last good fetch make an http(s) read conditional.
 */
export async function readSource(
  source: SourceConfig,
  configDir: string,
  http: HttpClient,
  validators?: Validators,
): Promise<SourceRead> {
  if (source.path !== undefined) {
    return { status: 'fresh', documents: await readLocal(path.resolve(configDir, source.path), source.path) };
  }
  const url = source.url!;
  if (url.startsWith('file://')) {
    return { status: 'fresh', documents: await readLocal(fileURLToPath(url), url) };
  }
  const outcome = await http.fetch(url, validators);
  if (outcome.status === 'unchanged') return outcome;
  if (!looksLikeMarkup(outcome.text)) {
    throw new UserError(`${url}: wrong content: expected an RSS or Atom feed, got ${outcome.contentType ?? 'an untyped body'} that is not XML`);
  }
  return { status: 'fresh', documents: [{ name: url, text: outcome.text }], validators: outcome.validators };
}
