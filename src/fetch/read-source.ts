import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceConfig } from '../config.js';
import { UserError } from '../errors.js';
import type { SourceDocument } from '../parse/index.js';
import { fetchText } from './http.js';

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
  if (info.isFile()) return [{ name: shownAs, text: await readFile(target, 'utf8') }];
  const names = (await readdir(target))
    .filter((name) => !name.startsWith('.') && DOCUMENT_EXTENSIONS.has(path.extname(name).toLowerCase()))
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name: path.join(shownAs, name),
      text: await readFile(path.join(target, name), 'utf8'),
    })),
  );
}

/** Reads every document of one configured source. `configDir` anchors relative paths. */
export async function readSource(source: SourceConfig, configDir: string): Promise<SourceDocument[]> {
  if (source.path !== undefined) {
    return readLocal(path.resolve(configDir, source.path), source.path);
  }
  const url = source.url!;
  if (url.startsWith('file://')) {
    return readLocal(fileURLToPath(url), url);
  }
  return [{ name: url, text: await fetchText(url) }];
}
