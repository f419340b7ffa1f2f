import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './validators.js';

/** The shared data folder: `HUILIU_SHARED`, or `../shared` beside the clone (as CI lays it out). */
export const SHARED_DIR = process.env['HUILIU_SHARED'] ?? path.resolve(REPO, '..', 'shared');

/**
 * The path of a shared data set, or undefined when it is absent. In CI its absence is a failure, since
 * a test that silently skips there checks nothing; elsewhere the caller skips and says why.
 */
export function sharedData(relative: string): string | undefined {
  const full = path.join(SHARED_DIR, relative);
  if (existsSync(full)) return full;
  if (process.env['CI']) throw new Error(`shared data missing in CI: ${full} (set HUILIU_SHARED or put ../shared beside the clone)`);
  console.warn(`skipping: shared data not found at ${full} (set HUILIU_SHARED to run these tests)`);
  return undefined;
}
