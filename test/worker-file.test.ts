import { describe, expect, it } from 'vitest';
import { workerToStart } from '../src/worker-file.js';

/** A module that exists (this test), and one that does not (a worker not compiled). */
const EXISTING = new URL(import.meta.url);
const MISSING = new URL('./no-such-worker.js', import.meta.url);

describe('workerToStart', () => {
  it('gives the worker and the threads when there are two or more and the worker is compiled', () => {
    expect(workerToStart(EXISTING, { threads: 2 })).toEqual({ file: EXISTING, threads: 2 });
    expect(workerToStart(MISSING, { workerFile: EXISTING, threads: 4 })).toEqual({ file: EXISTING, threads: 4 });
  });

  it('leaves the stage on the calling thread with one thread, or without a compiled worker', () => {
    expect(workerToStart(EXISTING, { threads: 1 })).toBeUndefined();
    expect(workerToStart(MISSING, { threads: 4 })).toBeUndefined();
    expect(workerToStart(EXISTING, { workerFile: MISSING, threads: 4 })).toBeUndefined();
  });

  it('uses one thread per core by default', async () => {
    const { availableParallelism } = await import('node:os');
    expect(workerToStart(EXISTING, {})).toEqual(availableParallelism() >= 2 ? { file: EXISTING, threads: availableParallelism() } : undefined);
  });
});
