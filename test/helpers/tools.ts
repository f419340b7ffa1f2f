import { spawnSync } from 'node:child_process';

/**
 * An external tool a test needs. In CI (`CI` set) a missing tool must fail the test, so the test runs
 * and `assertTool` throws; elsewhere the test is skipped, and its name says which tool is missing.
 */
export interface Tool {
  available: boolean;
  /** True only outside CI when the tool is missing. */
  skip: boolean;
  /** The test's title with the reason it is skipped, when it is. */
  title: (title: string) => string;
  /** Throws when the tool is missing (in CI). */
  assert: () => void;
}

export function tool(name: string, probe: readonly string[], install: string): Tool {
  const [command, ...args] = probe;
  const run = spawnSync(command!, args, { encoding: 'utf8', timeout: 30_000 });
  const available = run.error === undefined && run.status === 0;
  const skip = !available && !process.env['CI'];
  return {
    available,
    skip,
    title: (title) => (skip ? `${title} (skipped: ${name} is not installed; ${install})` : title),
    assert: () => {
      if (!available) throw new Error(`${name} is not installed (${install}); in CI it must be`);
    },
  };
}

/** Debian's feedparser runs under /usr/bin/python3 (a python3 earlier on PATH may lack it). */
export const PYTHON = '/usr/bin/python3';
export const feedparserTool = tool('python3-feedparser', [PYTHON, '-c', 'import feedparser'], 'apt-get install -y python3-feedparser');
export const newsboatTool = tool('newsboat', ['newsboat', '--version'], 'apt-get install -y newsboat');
export const chromiumTool = tool('chromium', ['chromium', '--version'], 'apt-get install -y chromium');
