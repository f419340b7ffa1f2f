import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PublishedFile } from '../emit/feeds.js';

/** huiliu's own folder inside the output folder: store, lock, staging, the list of published files. */
export const STATE_DIR = '.huiliu';
const STAGING_PREFIX = 'staging-';
/** Written last into a staging folder: its presence means "this set is complete; publish it". */
const MANIFEST = 'manifest.json';
/** The files huiliu published last time, so files it no longer produces are removed — and no others. */
const PUBLISHED = 'published.json';

interface Manifest {
  /** Files in the staging folder, to be renamed into the output folder. */
  move: string[];
  /** Files huiliu published earlier and no longer produces. */
  remove: string[];
  /** Every file huiliu has published once this set is in place. */
  published: string[];
}

export interface PublishOptions {
  /** Remove files published by earlier runs that this set does not contain. */
  prune: boolean;
}

/** A file name of the output folder itself: no folders, no hidden files (huiliu's state lives there). */
function assertPlainName(name: string): void {
  if (name.startsWith('.') || name !== path.basename(name) || name === '') {
    throw new Error(`output file name must be a plain, visible file name: ${JSON.stringify(name)}`);
  }
}

async function writeDurably(file: string, content: string | Buffer): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (the renames into it) to disk. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Whether the output folder already holds exactly these bytes. The size settles most changed files
 * without reading them; the comparison is of Buffers, outside the JavaScript heap, where a second copy
 * of a large feed as a string would not fit.
 */
async function holdsAlready(file: string, bytes: Buffer): Promise<boolean> {
  try {
    if ((await stat(file)).size !== bytes.length) return false;
    return (await readFile(file)).equals(bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function previouslyPublished(stateDir: string): Promise<string[]> {
  const text = await readIfExists(path.join(stateDir, PUBLISHED));
  return text === undefined ? [] : (JSON.parse(text) as string[]);
}

/** Step two, which recovery repeats after a crash: every rename is idempotent (a moved file is skipped). */
async function completeStaged(dir: string, staging: string): Promise<void> {
  const manifest = JSON.parse(await readFile(path.join(staging, MANIFEST), 'utf8')) as Manifest;
  for (const name of manifest.move) {
    try {
      await rename(path.join(staging, name), path.join(dir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  for (const name of manifest.remove) await rm(path.join(dir, name), { force: true });
  const stateDir = path.join(dir, STATE_DIR);
  const list = path.join(stateDir, `${PUBLISHED}.tmp`);
  await writeDurably(list, `${JSON.stringify(manifest.published)}\n`);
  await rename(list, path.join(stateDir, PUBLISHED));
  await syncFolder(dir);
  await rm(staging, { recursive: true, force: true });
}

/**
 * Finishes what a killed run left: a staging folder with a manifest is a complete set and is published;
 * one without is a set that never finished and is discarded. Call it holding the output lock.
 */
export async function recoverPublish(dir: string): Promise<void> {
  const stateDir = path.join(dir, STATE_DIR);
  let names: string[];
  try {
    names = await readdir(stateDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX)).sort()) {
    const staging = path.join(stateDir, name);
    if ((await readIfExists(path.join(staging, MANIFEST))) === undefined) await rm(staging, { recursive: true, force: true });
    else await completeStaged(dir, staging);
  }
}

/** Files written into the staging folder at once. */
export const WRITES_AT_ONCE = 8;

/**
 * Puts one file of the set in the staging folder, unless the output folder holds it already; true when
 * it is there to be moved. A KeptFile must be in the output folder: gone since the build looked, the set
 * would be published without it.
 */
async function stageFile(dir: string, staging: string, file: PublishedFile): Promise<boolean> {
  if ('kept' in file) {
    if (!(await exists(path.join(dir, file.name)))) throw new Error(`${file.name} was to be kept, but the output folder no longer holds it`);
    return false;
  }
  const bytes = 'bytes' in file ? Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) : Buffer.from(file.content, 'utf8');
  if (await holdsAlready(path.join(dir, file.name), bytes)) return false;
  await writeDurably(path.join(staging, file.name), bytes);
  return true;
}

/**
 * Publishes a set of files so that a crash or kill never leaves a truncated file or a half-published set:
 * 1. every changed file is written and fsynced in a staging folder beside the outputs (same file system);
 * 2. a manifest is written last — the commit point;
 * 3. each file is renamed into place (atomic per file), stale files removed, the staging folder deleted.
 * Killed before 2, the old set stands untouched; killed during 3, `recoverPublish` (run at the start of
 * every build) finishes the renames. Unchanged files are not rewritten, so their mtime (Last-Modified) holds.
 *
 * `files` may be lazy (emit's `outputFiles`, or `renderAhead` rendering in workers): a file is asked for
 * once fewer than WRITES_AT_ONCE are being written, so only that many files' contents are held at a time
 * (besides what `renderAhead` lets wait). A file may come encoded already. A KeptFile stays in the set
 * as the output folder holds it. If producing a file throws, or a name comes twice, nothing is published.
 * Returns the names of the set, in the order they came.
 * Call it holding the output lock.
 */
export async function publish(
  dir: string,
  files: Iterable<PublishedFile> | AsyncIterable<PublishedFile>,
  options: PublishOptions,
): Promise<string[]> {
  const stateDir = path.join(dir, STATE_DIR);
  await mkdir(stateDir, { recursive: true });
  const staging = await mkdtemp(path.join(stateDir, STAGING_PREFIX));
  const names: string[] = [];
  try {
    // Writing a file waits on the disk (fsync) far longer than on this thread, so a few are written at
    // once. The files still come in order, and `move` keeps it.
    const staged: Array<string | undefined> = [];
    const named = new Set<string>();
    const writing: Array<Promise<void>> = [];
    try {
      for await (const file of files) {
        assertPlainName(file.name);
        // Two files of one name would be written into one staging file at once.
        if (named.has(file.name)) throw new Error(`the set names ${file.name} twice`);
        named.add(file.name);
        names.push(file.name);
        const at = staged.push(undefined) - 1;
        const written = stageFile(dir, staging, file).then((moves) => {
          if (moves) staged[at] = file.name;
        });
        // Awaited in turn below; until then its failure is not an unhandled rejection.
        written.catch(() => undefined);
        writing.push(written);
        if (writing.length >= WRITES_AT_ONCE) await writing.shift();
      }
      await Promise.all(writing);
    } finally {
      // Nothing may still be writing into the staging folder when it is published or removed.
      await Promise.allSettled(writing);
    }
    const move = staged.filter((name): name is string => name !== undefined);
    const earlier = await previouslyPublished(stateDir);
    const remove = options.prune ? earlier.filter((name) => !named.has(name)) : [];
    const published = [...new Set([...names, ...(options.prune ? [] : earlier)])].sort();
    const manifest: Manifest = { move, remove, published };
    const pending = path.join(staging, `${MANIFEST}.tmp`);
    await writeDurably(pending, JSON.stringify(manifest));
    await rename(pending, path.join(staging, MANIFEST));
    await syncFolder(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await completeStaged(dir, staging);
  return names;
}
