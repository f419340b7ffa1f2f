import cron, { type ScheduledTask } from 'node-cron';

/** What one scheduled run reports back: a line for the log. */
export type ScheduledRun = (signal: AbortSignal) => Promise<string>;

export interface Watcher {
  /** Runs once now (as a tick would); resolves when that run ends, or at once when one is going. */
  tick(): Promise<void>;
  /**
   * Stops scheduling; a run in progress is asked to stop (its fetches abort and it publishes nothing),
   * and the promise resolves once it has ended.
   */
  stop(): Promise<void>;
}

/**
 * Runs `run` on a cron schedule, never two at once: a tick that comes while a run is going is skipped
 * and logged, not queued, so a slow upstream cannot pile runs up.
 */
export function watch(schedule: string, run: ScheduledRun, log: (line: string) => void): Watcher {
  let current: Promise<void> | undefined;
  const controller = new AbortController();

  const tick = (): Promise<void> => {
    if (controller.signal.aborted) return Promise.resolve();
    if (current !== undefined) {
      log('huiliu: skipped a scheduled run: the previous one is still going');
      return Promise.resolve();
    }
    current = run(controller.signal)
      .then(log, (error: unknown) => log(`huiliu: run failed: ${(error as Error).message}`))
      .finally(() => {
        current = undefined;
      });
    return current;
  };

  const task: ScheduledTask = cron.schedule(schedule, () => tick());
  // A tick that came while the process was too busy to take it (a run cleaning or merging) is skipped too.
  task.on('execution:missed', (context) => log(`huiliu: skipped the scheduled run of ${context.date.toISOString()}: the process was busy`));
  return {
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
      controller.abort();
      await current;
    },
  };
}
