import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { cpuSecondsOfStat, watchThreads } from '../../bench/threads.js';

describe('cpuSecondsOfStat', () => {
  it('adds utime and stime, counting fields from the end of a command name that holds spaces and parentheses', () => {
    // A real line's shape (proc(5)): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime …
    const stat = '4242 (node (worker) 1) R 1 4242 4242 0 -1 4194560 5000 0 3 0 250 17 0 0 20 0 9 0 1000 0 0';
    expect(cpuSecondsOfStat(stat)).toBe(2.67);
  });

  it('refuses a line that is not a stat line rather than counting it as nothing', () => {
    expect(() => cpuSecondsOfStat('(not) a stat')).toThrow(/not a \/proc stat line/);
  });

  it.runIf(process.platform === 'linux')('reads this thread from /proc', () => {
    expect(cpuSecondsOfStat(readFileSync('/proc/thread-self/stat', 'utf8'))).toBeGreaterThanOrEqual(0);
  });
});

describe.runIf(process.platform === 'linux')('watchThreads', () => {
  it('counts a worker thread that started and ended meanwhile among the workers, not the main thread', async () => {
    const watch = watchThreads()!;
    // The worker spins until its own thread has used 0.3 s of CPU, however busy the machine is.
    const spinner = `
      const { readFileSync } = require('node:fs');
      const seconds = () => { const s = readFileSync('/proc/thread-self/stat', 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
      const start = seconds();
      while (seconds() - start < 0.3) for (let i = 0; i < 1e5; i++);
    `;
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(spinner, { eval: true });
      worker.on('error', reject);
      worker.on('exit', () => resolve());
    });
    const cpu = watch.stop();
    // Up to 50 ms of the worker's last moments may fall between two readings.
    expect(cpu.workers).toBeGreaterThanOrEqual(0.2);
    expect(cpu.main).toBeLessThan(cpu.workers);
    expect(cpu.total).toBeGreaterThanOrEqual(cpu.workers);
  });
});
