import { createHash } from 'node:crypto';
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

/** The bytes of a file source's documents, by the name they are shown under. */
async function readLocalBytes(target: string, shownAs: string): Promise<Array<{ name: string; bytes: Buffer }>> {
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${shownAs}: no such file or folder` : `${shownAs}: cannot read (${code})`);
  }
  if (info.isFile()) return [{ name: shownAs, bytes: await readFile(target) }];
  const names = (await readdir(target))
    .filter((name) => !name.startsWith('.') && DOCUMENT_EXTENSIONS.has(path.extname(name).toLowerCase()))
    .sort();
  return Promise.all(names.map(async (name) => ({ name: path.join(shownAs, name), bytes: await readFile(path.join(target, name)) })));
}

/**
 * A file source is "unchanged" — like an HTTP 304 — when its files hash the same as at the last good
 * read, together with `madeWith` (what turns the documents into items: the cleaning code and the
 * source's settings), so a new adapter or a new huiliu reads the files again. Reading and hashing
 * 30 MB costs a few tens of milliseconds; parsing and cleaning them, seconds.
 */
async function readLocal(target: string, shownAs: string, madeWith: string, validators: Validators | undefined): Promise<SourceRead> {
  const files = await readLocalBytes(target, shownAs);
  const hash = createHash('sha256').update(madeWith);
  for (const { name, bytes } of files) hash.update(`\0${name}\0${bytes.length}\0`).update(bytes);
  const contentHash = hash.digest('base64url');
  if (validators?.contentHash === contentHash) return { status: 'unchanged' };
  const documents = files.map(({ name, bytes }) => ({ name, text: decodeDocument(bytes) }));
  return { status: 'fresh', documents, validators: { contentHash } };
}

/**
 * Reads every document of one configured source. `configDir` anchors relative paths; `validators` from
 * the last good read make it conditional: an http(s) GET by ETag and Last-Modified, a file by its hash
 * with `madeWith` (a hash of what makes items of this source, so a change to either reads it again).
 */
export async function readSource(
  source: SourceConfig,
  configDir: string,
  http: HttpClient,
  validators?: Validators,
  madeWith = '',
): Promise<SourceRead> {
  if (source.path !== undefined) return readLocal(path.resolve(configDir, source.path), source.path, madeWith, validators);
  const url = source.url!;
  if (url.startsWith('file://')) return readLocal(fileURLToPath(url), url, madeWith, validators);
  const outcome = await http.fetch(url, validators);
  if (outcome.status === 'unchanged') return outcome;
  if (!looksLikeMarkup(outcome.text)) {
    throw new UserError(`${url}: wrong content: expected an RSS or Atom feed, got ${outcome.contentType ?? 'an untyped body'} that is not XML`);
  }
  return { status: 'fresh', documents: [{ name: url, text: outcome.text }], validators: outcome.validators };
}
