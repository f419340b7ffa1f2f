import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync } from './helpers/http-server.js';
import { CLI, REPO } from './helpers/validators.js';
import { tempDir } from './helpers/temp-dir.js';

/** A long-running huiliu command whose stderr a test can wait on; killed after the test whatever happens. */
interface Running {
  child: ChildProcess;
  stderr: () => string;
  waitFor: (pattern: RegExp, ms?: number) => Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

const running: ChildProcess[] = [];
afterEach(async () => {
  // Awaited, so that no command still writes into the test's folder when it is removed.
  const exits = running.splice(0).map((child) => {
    if (child.exitCode !== null || child.signalCode !== null) return undefined;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    return exited;
  });
  await Promise.all(exits);
});

function start(args: string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO });
  running.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = stderr.match(pattern);
      if (match) return match;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in stderr:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, stderr: () => stderr, waitFor, exit };
}

function seedsConfig(extra: Record<string, unknown> = {}): { config: string; out: string } {
  const dir = tempDir('huiliu-cli-');
  const config = path.join(dir, 'huiliu.json');
  writeFileSync(config, JSON.stringify({ sources: [{ id: 'seeds', path: path.join(REPO, 'seeds') }], ...extra }));
  return { config, out: path.join(dir, 'feeds') };
}

describe('huiliu watch', () => {
  it('builds at once and on schedule, logs one summary line per run, and stops cleanly on SIGTERM', async () => {
    const { config, out } = seedsConfig({ schedule: '*/2 * * * * *' });
    const watch = start(['watch', '--config', config, '--out', out]);
    await watch.waitFor(/watching on schedule "\*\/2 \* \* \* \* \*"/);
    await watch.waitFor(/items fetched[^\n]*\n[\s\S]*items fetched/);
    watch.child.kill('SIGTERM');
    expect(await watch.exit).toBe(0);
    expect(watch.stderr()).toMatch(/SIGTERM: stopping/);
    expect(watch.stderr()).toMatch(/huiliu: 5 items fetched; 5 items → 4 stories \(1 merged, \d new\); no failures; [\d.]+ s/);
    expect(existsSync(path.join(out, 'merged.atom'))).toBe(true);
    expect(existsSync(path.join(out, '.huiliu', 'lock'))).toBe(false);
  });

  it('reports a bad schedule in one line, naming the field', async () => {
    const { config } = seedsConfig({ schedule: 'every half hour' });
    const run = await runCliAsync(['watch', '--config', config]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/^huiliu: .*huiliu\.json: schedule: is not a valid cron expression/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('huiliu serve', () => {
  it('binds 127.0.0.1 by default, serves the feeds with --watch building them, and stops on SIGINT', async () => {
    const { config, out } = seedsConfig();
    const serve = start(['serve', '--config', config, '--out', out, '--port', '0', '--watch']);
    const [, url] = await serve.waitFor(/serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/);
    await serve.waitFor(/items fetched/);
    const feed = await request(`${url}merged.atom`);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const etag = String(feed.headers['etag']);
    await feed.body.dump();
    const again = await request(`${url}merged.atom`, { headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    await again.body.dump();
    serve.child.kill('SIGINT');
    expect(await serve.exit).toBe(0);
  });

  it('says in one line when the port is taken', async () => {
    const { config, out } = seedsConfig();
    const first = start(['serve', '--config', config, '--out', out, '--port', '0']);
    const [, port] = await first.waitFor(/127\.0\.0\.1:(\d+)\//);
    const second = await runCliAsync(['serve', '--config', config, '--out', out, '--port', port!]);
    expect(second.status).toBe(1);
    expect(second.stderr.trim()).toMatch(new RegExp(`^huiliu: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
  });
});
