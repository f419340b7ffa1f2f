import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from './helpers/validators.js';
import { tempDir } from './helpers/temp-dir.js';

const work = tempDir('huiliu-cli-');
function configFile(name: string, content: string): string {
  const file = path.join(work, name);
  writeFileSync(file, content);
  return file;
}

/** A user mistake is reported on one line, never with a stack trace. */
function expectOneLineError(run: ReturnType<typeof runCli>, pattern: RegExp): void {
  expect(run.status).not.toBe(0);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('huiliu build: clear errors for bad config and bad input', () => {
  const out = path.join(work, 'out');

  it('names a missing config file', () => {
    expectOneLineError(runCli(['build', '--config', path.join(work, 'nope.json'), '--out', out]), /config file not found: .*nope\.json/);
  });

  it('names a config that is not JSON', () => {
    expectOneLineError(runCli(['build', '--config', configFile('bad.json', '{"sources": [')]), /bad\.json: not valid JSON/);
  });

  it('names the field path of an unknown adapter', () => {
    const file = configFile('adapter.json', JSON.stringify({ sources: [{ id: 'x', adapter: 'nyt', url: 'https://feedx.net/rss/nytimes.xml' }] }));
    expectOneLineError(runCli(['build', '--config', file, '--out', out]), /adapter\.json: sources\[0\]\.adapter: .*nyt-cn/);
  });

  it('names a missing sources list, a bad URL scheme, and a source with both url and path', () => {
    expectOneLineError(runCli(['build', '--config', configFile('empty.json', '{}')]), /empty\.json: sources: /);
    const ftp = configFile('ftp.json', JSON.stringify({ sources: [{ id: 'x', url: 'ftp://example.com/feed' }] }));
    expectOneLineError(runCli(['build', '--config', ftp]), /sources\[0\]\.url: must start with http:\/\/, https:\/\/ or file:\/\//);
    const both = configFile('both.json', JSON.stringify({ sources: [{ id: 'x', url: 'https://a.b/c', path: 'seeds' }] }));
    expectOneLineError(runCli(['build', '--config', both]), /sources\[0\]: needs exactly one of "url" or "path"/);
  });

  it('names an unknown field instead of ignoring a typo', () => {
    const file = configFile('typo.json', JSON.stringify({ sources: [{ id: 'x', path: 'seeds' }], dedupe: {} }));
    expectOneLineError(runCli(['build', '--config', file]), /typo\.json: .*dedupe/);
  });

  it('reports an unreadable input source and exits 1 when nothing could be built', () => {
    const file = configFile('missing-input.json', JSON.stringify({ sources: [{ id: 'gone', path: 'no-such-folder' }] }));
    const run = runCli(['build', '--config', file, '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/source gone failed: no-such-folder: no such file or folder/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('the installed command', () => {
  it('runs as a program, as npx huiliu runs it: executable, with a node shebang', () => {
    // npm ci builds dist/ in `prepare`; npx then executes dist/cli.js itself, not through node.
    const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim()).toBe(version);
  });
});

describe('huiliu --help', () => {
  it('lists the commands', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/build/);
  });

  it('describes every option of build', () => {
    const run = runCli(['build', '--help']);
    expect(run.status).toBe(0);
    for (const option of ['--config <file>', '--out <dir>', '--quiet']) expect(run.stdout).toContain(option);
  });

  it('rejects an unknown command without a stack trace', () => {
    const run = runCli(['bulid']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/unknown command 'bulid'/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
