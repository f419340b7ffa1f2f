import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A hash of the code in some folders as it runs (the compiled .js, or the .ts under the tests), so that a
 * cached result made by that code is recognised as stale after any edit — without anyone having to
 * remember to bump a version number. Reading a few dozen small files costs a millisecond.
 */
export function codeHash(folders: readonly URL[]): string {
  const hash = createHash('sha256');
  for (const folder of folders) {
    const dir = fileURLToPath(folder);
    for (const name of readdirSync(dir).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort()) {
      hash.update(name).update(readFileSync(`${dir}${name}`));
    }
  }
  return hash.digest('hex');
}
