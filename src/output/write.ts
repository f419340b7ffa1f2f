import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile } from '../emit/feeds.js';

/**
 * Writes each file to a temporary name in the same folder, flushes it to disk, then renames it over the
 * old one: a reader (or a crash) sees the old file or the new one, never half of one.
 */
export async function writeFilesAtomically(dir: string, files: readonly OutputFile[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const target = path.join(dir, file.name);
    const temporary = path.join(dir, `.${file.name}.${process.pid}.tmp`);
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(file.content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
