import path from 'node:path';
import type { Config, loadConfig as LoadConfig } from '../src/config.js';
import type { runBuild as RunBuild } from '../src/run.js';
import { watchThreads, type ThreadCpu } from './threads.js';

/** The two functions a timed build needs, from whichever compiled huiliu is measured (bench:ab loads another commit's). */
export interface BuildApi {
  loadConfig: typeof LoadConfig;
  runBuild: typeof RunBuild;
}

/** One build as the benchmarks time it. */
export interface TimedBuild {
  seconds: number;
  /** Items the build ended with. */
  items: number;
  /** CPU by thread, where the system tells it (Linux). */
  cpu?: ThreadCpu;
}

/**
 * `runBuild` of the benchmark folder `dir` (its `huiliu.json`) into `dir/out`, with `overrides` on the
 * config and the clock at 2021-01-01, timed from the call to its end; its CPU by thread is read
 * meanwhile. Throws when the build fails. Whether the store is fresh is the caller's: a first run
 * removes it before.
 */
export async function timedBuild(api: BuildApi, dir: string, overrides: Partial<Config>, out = 'out'): Promise<TimedBuild> {
  const file = await api.loadConfig(path.join(dir, 'huiliu.json'));
  const loaded = { ...file, config: { ...file.config, ...overrides } };
  const threads = watchThreads();
  const start = process.hrtime.bigint();
  const summary = await api.runBuild({ loaded, outDir: path.join(dir, out), clock: () => new Date(Date.UTC(2021, 0, 1)) });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = threads?.stop();
  if (summary.status !== 0) throw new Error(`the build failed: ${summary.failed.map((s) => s.error).join('; ')}`);
  return { seconds, items: summary.result.items.length, ...(cpu ? { cpu } : {}) };
}
