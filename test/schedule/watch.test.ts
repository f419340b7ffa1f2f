import { describe, expect, it } from 'vitest';
import { watch } from '../../src/schedule/watch.js';

/** Polls until `done()` holds, for at most `ms`: every wait here is bounded. */
async function until(done: () => boolean, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('watch', () => {
  it('skips node-cron ticks while a run is in progress, and runs again once it is over', async () => {
    const log: string[] = [];
    let runs = 0;
    let finishRun: () => void = () => undefined;
    // Every second, with a run that lasts until the test releases it.
    const watcher = watch(
      '* * * * * *',
      async () => {
        runs++;
        await new Promise<void>((resolve) => (finishRun = resolve));
        return `run ${runs} done`;
      },
      (line) => log.push(line),
    );
    try {
      await until(() => log.filter((l) => l.includes('skipped')).length >= 2);
      expect(runs).toBe(1);
      finishRun();
      await until(() => runs === 2);
      expect(log).toContain('run 1 done');
    } finally {
      finishRun();
      await watcher.stop();
    }
  });

  it('logs ticks it missed while the process was busy as skipped, in its own words', async () => {
    const log: string[] = [];
    const watcher = watch(
      '* * * * * *',
      async () => {
        // A run that keeps the event loop to itself, as cleaning and merging a large window does, for
        // longer than node-cron's tolerance for a late tick (1 s).
        const busyUntil = Date.now() + 2_500;
        while (Date.now() < busyUntil);
        return 'busy run done';
      },
      (line) => log.push(line),
    );
    try {
      await until(() => log.includes('busy run done'));
      await until(() => log.some((l) => /skipped the scheduled run of .*: the process was busy/.test(l)), 3_000);
    } finally {
      await watcher.stop();
    }
  });

  it('on stop, asks the run in progress to abandon and waits for it; ticks after that do nothing', async () => {
    const log: string[] = [];
    let started = 0;
    const watcher = watch(
      '0 0 1 1 *',
      (signal) =>
        new Promise<string>((resolve) => {
          started++;
          signal.addEventListener('abort', () => setTimeout(() => resolve('abandoned cleanly'), 50));
        }),
      (line) => log.push(line),
    );
    const first = watcher.tick();
    await watcher.stop();
    await first;
    expect(log).toEqual(['abandoned cleanly']);
    await watcher.tick();
    expect(started).toBe(1);
  });

  it('logs a run that throws and keeps going', async () => {
    const log: string[] = [];
    let n = 0;
    const watcher = watch(
      '0 0 1 1 *',
      async () => {
        if (++n === 1) throw new Error('disk full');
        return 'second run fine';
      },
      (line) => log.push(line),
    );
    await watcher.tick();
    await watcher.tick();
    await watcher.stop();
    expect(log).toEqual(['huiliu: run failed: disk full', 'second run fine']);
  });
});
