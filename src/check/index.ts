import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { checkAtom } from './atom.js';
import { checkJsonFeed } from './json-feed.js';
import { checkRss } from './rss.js';

/** Which check a file gets, by the names `huiliu build` gives its feeds (`.feed.json` keeps status.json out). */
const CHECKS: Array<{ suffix: string; check: (content: string) => string[] }> = [
  { suffix: '.atom', check: checkAtom },
  { suffix: '.rss', check: checkRss },
  { suffix: '.feed.json', check: checkJsonFeed },
];

/** Whether a file name is one of the feeds `huiliu check` validates. */
export const isFeedFile = (name: string): boolean => CHECKS.some((c) => name.endsWith(c.suffix));

/** The reasons one feed file fails its format's rules, each as `name: reason`. Pure. */
export function checkFeedFile(name: string, content: string): string[] {
  const rule = CHECKS.find((c) => name.endsWith(c.suffix));
  if (rule === undefined) return [`${name}: not a feed huiliu writes (.atom, .rss, .feed.json)`];
  return rule.check(content).map((reason) => `${name}: ${reason}`);
}

export interface CheckReport {
  checked: string[];
  reasons: string[];
}

/** Reads every feed in an output folder and checks it; a folder without feeds is a user mistake. */
export async function checkDirectory(dir: string): Promise<CheckReport> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isFeedFile).sort();
  } catch (error) {
    throw new UserError(`cannot read folder ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (names.length === 0) throw new UserError(`no feeds (.atom, .rss, .feed.json) in ${dir}`);
  const reasons: string[] = [];
  for (const name of names) reasons.push(...checkFeedFile(name, await readFile(path.join(dir, name), 'utf8')));
  return { checked: names, reasons };
}
