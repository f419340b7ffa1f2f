import { readFileSync } from 'node:fs';

/** huiliu's own version, read once from package.json (also used in the User-Agent and generator). */
export const version: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
