import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, onTestFinished, TestRunner } from 'vitest';

/** Folders made outside a test (module scope, describe, beforeAll): removed once the test file is done. */
const madeOutsideTests: string[] = [];

// Registered while the importing test file is collected (vitest runs each file with its own copy of this
// module), so it runs after every test and every other afterAll of that file.
afterAll(() => {
  for (const dir of madeOutsideTests.splice(0)) remove(dir);
});

/**
 * A fresh folder under the system's temporary folder, named `prefix` and a random suffix, that is removed
 * again: tests must not leave folders behind, or every run of the suite fills /tmp a little more.
 *
 * Made inside a test (or its beforeEach), the folder goes when that test finishes, after its afterEach
 * hooks; made anywhere else (module scope, describe, beforeAll), it goes after the file's last test.
 * Anything a test starts that writes into the folder must have ended by then.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (TestRunner.getCurrentTest()) onTestFinished(() => remove(dir));
  else madeOutsideTests.push(dir);
  return dir;
}

/** Retries on ENOTEMPTY and the like, should a process that just exited have left a helper finishing a write. */
function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
