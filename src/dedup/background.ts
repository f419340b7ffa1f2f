import { jiebaFiles } from './jieba-files.js';

/**
 * jieba's IDF table: how rare each word is in a large general Chinese corpus. Dedup uses it as the
 * background of its own IDF, and to tell an unknown word (a name jieba's HMM found) from a common one.
 * Loaded on first use (about a second).
 */
let table: { idf: Map<string, number>; median: number } | undefined;

function load(): { idf: Map<string, number>; median: number } {
  if (!table) {
    const idf = new Map<string, number>();
    const text = Buffer.from(jiebaFiles().idf).toString('utf8');
    // Lines are `word idf`; indexOf instead of split, because there are 350,000 of them.
    for (let at = 0; at < text.length; ) {
      const newline = text.indexOf('\n', at);
      const end = newline < 0 ? text.length : newline;
      const space = text.indexOf(' ', at);
      if (space > at && space < end) {
        const value = text.slice(space + 1, end);
        if (value !== '') idf.set(text.slice(at, space), Number(value));
      }
      at = end + 1;
    }
    // A typed array sorts numbers natively: half the time of sorting an array with a comparator.
    const sorted = Float64Array.from(idf.values()).sort();
    table = { idf, median: sorted[Math.floor(sorted.length / 2)] ?? 0 };
  }
  return table;
}

/**
 * Reads the table now rather than at dedup's first word: a build reads it while it waits for a render
 * worker to start (pipeline.ts), which dedup would otherwise wait for as well.
 */
export function readBackground(): void {
  load();
}

/** The share of general documents holding a word (e^-idf); a word the table lacks counts as typical. */
export function backgroundShare(term: string): number {
  const { idf, median } = load();
  return Math.exp(-(idf.get(term) ?? median));
}

/** Whether the general corpus knows the word at all. */
export function inBackground(term: string): boolean {
  return load().idf.has(term);
}
