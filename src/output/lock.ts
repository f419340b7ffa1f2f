import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { STATE_DIR } from './publish.js';

const LOCK = 'lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the output folder's lock (a file holding the owner's pid), so two runs — a cron job and a
 * manual build, say — never publish into one folder at once. A lock left by a killed process is taken over.
 * Returns the function that releases it.
 */
export async function lockOutput(dir: string): Promise<() => Promise<void>> {
  const stateDir = path.join(dir, STATE_DIR);
  await mkdir(stateDir, { recursive: true });
  const file = path.join(stateDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new UserError(`another huiliu run (pid ${owner}) is writing ${dir}; try again when it has finished`);
      }
      await rm(file, { force: true });
    }
  }
  throw new UserError(`cannot take the lock ${file}: another run keeps taking it`);
}
