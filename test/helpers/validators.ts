import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ATOM_RNC = fileURLToPath(new URL('../schema/atom.rnc', import.meta.url));

/** jing must be there: a missing validator fails the test rather than skipping it (.ci/run installs it). */
function requireJing(): void {
  const probe = spawnSync('jing', [], { encoding: 'utf8' });
  if (probe.error) throw new Error('jing is not installed (Debian: apt-get install -y jing); Atom output cannot be validated');
}

/** Validates files against RFC 4287's RELAX NG schema; returns jing's complaints (empty when valid). */
export function atomSchemaErrors(files: string[]): string {
  requireJing();
  const run = spawnSync('jing', ['-c', ATOM_RNC, ...files], { encoding: 'utf8' });
  if (run.status === 0) return '';
  return `${run.stdout}${run.stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('Unable to locate'))
    .join('\n');
}

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the built CLI and returns its exit status and output. */
export function runCli(args: string[], cwd = REPO): { status: number; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

