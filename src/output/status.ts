import type { RuleHits } from '../clean/rules.js';
import type { OutputFile } from '../emit/render.js';
import type { SourceMemory } from '../store/memory.js';

export const STATUS_FILE = 'status.json';

/** One source in status.json: enough to tell, unattended, whether and since when it is failing. */
export interface SourceStatus {
  id: string;
  address: string;
  ok: boolean;
  /** 'fresh' (new document read), 'unchanged' (304, stored items reused), or 'failed'. */
  fetch: 'fresh' | 'unchanged' | 'failed';
  lastAttempt: string;
  lastSuccess: string | null;
  error: string | null;
  /** Items this source has in the outputs' current set (its last good fetch when it failed). */
  items: number;
  /** Per cleaning rule, how many items it touched in the fetch those items come from. */
  hits: RuleHits;
}

export interface StatusReport {
  id: string;
  ok: boolean;
  error?: string;
  fetch?: 'fresh' | 'unchanged';
  hits: RuleHits;
}

/**
 * `status.json`: per source, the last attempt, the last success and the error, after this run.
 * `stored` is the store's view after recording the run; `current` counts each source's items.
 */
export function statusFile(
  reports: readonly StatusReport[],
  addresses: ReadonlyMap<string, string>,
  stored: ReadonlyMap<string, SourceMemory>,
  current: ReadonlyMap<string, number>,
  now: Date,
): OutputFile {
  const sources: SourceStatus[] = reports.map((report) => {
    const memory = stored.get(report.id);
    return {
      id: report.id,
      address: addresses.get(report.id) ?? '',
      ok: report.ok,
      fetch: report.ok ? (report.fetch ?? 'fresh') : 'failed',
      lastAttempt: (memory?.lastAttempt ?? now).toISOString(),
      lastSuccess: memory?.lastSuccess?.toISOString() ?? null,
      error: report.error ?? null,
      items: current.get(report.id) ?? 0,
      hits: report.ok ? report.hits : (memory?.hits ?? {}),
    };
  });
  const content = `${JSON.stringify({ generated: now.toISOString(), sources }, null, 2)}\n`;
  return { name: STATUS_FILE, content };
}
