import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { runCli } from './helpers/validators.js';

const sources = [{ id: 'seeds', path: '../seeds' }];

describe('config: formats and baseUrl', () => {
  it('defaults to all three formats and no base URL', () => {
    const config = parseConfig({ sources }, 'c.json');
    expect(config.formats).toEqual(['atom', 'rss', 'json']);
    expect(config.baseUrl).toBeUndefined();
  });

  it('ends the base URL with a slash, so file names resolve inside it', () => {
    expect(parseConfig({ sources, baseUrl: 'https://you.github.io/huiliu' }, 'c.json').baseUrl).toBe('https://you.github.io/huiliu/');
  });

  it('names the field of a mistake in one line', () => {
    expect(() => parseConfig({ sources, formats: ['atom', 'atom'] }, 'c.json')).toThrow('c.json: formats: must not list a format twice');
    expect(() => parseConfig({ sources, formats: ['rdf'] }, 'c.json')).toThrow(/^c\.json: formats\[0\]: /);
    expect(() => parseConfig({ sources, baseUrl: 'feeds/' }, 'c.json')).toThrow('c.json: baseUrl: must be an absolute http:// or https:// URL');
    expect(() => parseConfig({ sources: [{ id: 'merged', url: 'https://feedx.net/rss/dw.xml' }] }, 'c.json')).toThrow(
      'c.json: sources[0].id: "merged" is the name of the merged feed; choose another id',
    );
  });

  it('rejects a bad --base-url on the command line in one line', () => {
    const run = runCli(['build', '--config', 'config/huiliu.json', '--out', '/nonexistent/never-written', '--base-url', 'ftp://x']);
    expect(run).toMatchObject({ status: 1, stderr: 'huiliu: --base-url: must be an absolute http:// or https:// URL\n' });
  });
});
