import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAtom } from '../helpers/atom.js';
import { serveFolder, type FolderServer } from '../helpers/serve.js';
import { topLeftColour } from '../helpers/png.js';
import { chromiumTool } from '../helpers/tools.js';
import { runCli } from '../helpers/validators.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);

/** Flags for a headless Chromium that phones no one home, with a fresh profile so runs are independent. */
function chromiumFlags(): string[] {
  const profile = tempDir('huiliu-chromium-');
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--user-data-dir=${profile}`,
  ];
}

/**
 * Opens a page in headless Chromium and returns the DOM it rendered and the console messages it logged
 * (`--enable-logging=stderr --v=0` prints each as an `INFO:CONSOLE` line).
 */
async function openInChromium(url: string): Promise<{ dom: string; console: string[] }> {
  const { stdout, stderr } = await run('chromium', [...chromiumFlags(), '--enable-logging=stderr', '--v=0', '--dump-dom', url], {
    timeout: 60_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  return { dom: stdout, console: stderr.split('\n').filter((line) => line.includes(':CONSOLE')) };
}

describe.skipIf(chromiumTool.skip)(chromiumTool.title('index.html in headless Chromium'), () => {
  let out: string;
  let server: FolderServer;
  let stories: string[];

  beforeAll(async () => {
    chromiumTool.assert();
    out = tempDir('huiliu-page-');
    server = await serveFolder(out);
    const build = runCli(['build', '-q', '--config', 'config/huiliu.json', '--out', out, '--base-url', server.url]);
    expect(build.status, build.stderr).toBe(0);
    stories = parseAtom(readFileSync(path.join(out, 'merged.atom'), 'utf8')).entries.map((e) => e.title);
    expect(stories).toHaveLength(4);
  });
  afterAll(async () => server?.close());

  it('renders without console messages or failed requests, listing every story and offering every feed', async () => {
    server.requests.length = 0;
    const page = await openInChromium(`${server.url}index.html`);
    expect(page.console).toEqual([]);
    expect(server.requests.filter((r) => r.status !== 200)).toEqual([]);
    const $ = cheerio.load(page.dom);
    expect($('article h2').map((_, h) => $(h).text()).get()).toEqual(stories);
    const feeds = readdirSync(out).filter((n) => /\.(atom|rss|feed\.json)$/.test(n));
    expect($('link[rel="alternate"]').map((_, l) => $(l).attr('href')).get().sort()).toEqual(feeds.map((n) => `${server.url}${n}`).sort());
  });

  it('needs no JavaScript: the rendered page has no script, and the text is in the markup itself', async () => {
    // Chromium's --dump-dom itself needs scripting, so "no JavaScript" is shown by the page having none.
    const page = await openInChromium(`${server.url}index.html`);
    const $ = cheerio.load(page.dom);
    expect($('script').length).toBe(0);
    const served = cheerio.load(readFileSync(path.join(out, 'index.html'), 'utf8'));
    expect(served('article p').last().text()).toBe($('article p').last().text());
    expect($('article p').last().text().length).toBeGreaterThan(20);
  });

  it('follows the reader\'s light or dark setting (prefers-color-scheme)', async () => {
    const background = async (scheme: 'light' | 'dark'): Promise<string> => {
      const shot = path.join(tempDir('huiliu-shot-'), 'page.png');
      // Blink's preferredColorScheme: 0 is dark, 1 is light.
      const setting = `--blink-settings=preferredColorScheme=${scheme === 'dark' ? 0 : 1}`;
      await run('chromium', [...chromiumFlags(), setting, '--window-size=400,300', `--screenshot=${shot}`, `${server.url}index.html`], {
        timeout: 60_000,
      });
      return topLeftColour(readFileSync(shot));
    };
    expect(await background('light')).toBe('#fdfdfb');
    expect(await background('dark')).toBe('#16171a');
  });

  it('would notice a console error (the check above can fail)', async () => {
    writeFileSync(path.join(out, 'broken.html'), '<!DOCTYPE html><title>x</title><script>console.error("broken page")</script>');
    const page = await openInChromium(`${server.url}broken.html`);
    expect(page.console.join('\n')).toContain('broken page');
  });
});
