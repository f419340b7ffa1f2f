import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A build's CPU seconds by thread: its main thread, the threads the build started (huiliu's worker
 * threads: cleaning, dedup, rendering), and the threads Node had before it (V8's platform threads,
 * which compile optimised code and help the garbage collector for every isolate, and libuv's pool,
 * which reads files), with the whole process's total.
 */
export interface ThreadCpu {
  main: number;
  workers: number;
  node: number;
  total: number;
}

const TASKS = '/proc/self/task';

/** CPU seconds of each thread of this process (Linux: utime + stime in /proc, in clock ticks of 1/100 s). */
function cpuOfThreads(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const tid of readdirSync(TASKS)) {
    let stat: string;
    try {
      stat = readFileSync(path.join(TASKS, tid, 'stat'), 'utf8');
    } catch {
      continue; // the thread ended while the folder was read
    }
    cpu.set(Number(tid), cpuSecondsOfStat(stat));
  }
  return cpu;
}

/**
 * A thread's CPU seconds from its `/proc/…/stat` line: utime + stime, in clock ticks of 1/100 s. They are
 * the 12th and 13th fields after the command name, which is in parentheses and may hold spaces and
 * parentheses of its own (a thread names itself), so fields are counted from its last `)`.
 */
export function cpuSecondsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`not a /proc stat line: ${stat.slice(0, 80)}`);
  return ticks / 100;
}

/**
 * Watches the CPU time of every thread while a build runs. A thread that ends (a worker, once the
 * build is done with it) is gone from /proc with its time, so threads are read every 50 ms and each
 * one's last reading kept: what a thread spends in its last 50 ms may be missed. Undefined without /proc.
 */
export function watchThreads(): { stop: () => ThreadCpu } | undefined {
  if (!existsSync(TASKS)) return undefined;
  const startOf = cpuOfThreads();
  const startCpu = process.cpuUsage();
  const last = new Map<number, number>();
  const read = (): void => {
    for (const [tid, cpu] of cpuOfThreads()) last.set(tid, cpu);
  };
  // Unref'd: a build that throws before `stop` must not be kept waiting on this timer.
  const timer = setInterval(read, 50).unref();
  return {
    stop: () => {
      clearInterval(timer);
      read();
      const spent = (tid: number): number => (last.get(tid) ?? 0) - (startOf.get(tid) ?? 0);
      const sum = (tids: number[]): number => tids.reduce((total, tid) => total + spent(tid), 0);
      const tids = [...last.keys()];
      const used = process.cpuUsage(startCpu);
      return {
        main: spent(process.pid),
        workers: sum(tids.filter((tid) => !startOf.has(tid))),
        node: sum(tids.filter((tid) => startOf.has(tid) && tid !== process.pid)),
        total: (used.user + used.system) / 1e6,
      };
    },
  };
}
