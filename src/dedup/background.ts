import { IdfTable } from './idf-table.js';
import { jiebaFiles } from './jieba-files.js';

/**
 * jieba's IDF table: how rare each word is in a large general Chinese corpus. Dedup uses it as the
 * background of its own IDF, and to tell an unknown word (a name jieba's HMM found) from a common one.
 * Indexed on first use (idf-table.ts).
 */
let table: IdfTable | undefined;

function load(): IdfTable {
  table ??= IdfTable.of(Buffer.from(jiebaFiles().idf).toString('utf8'));
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
  const idf = load();
  return Math.exp(-(idf.idf(term) ?? idf.median));
}

/** Whether the general corpus knows the word at all. */
export function inBackground(term: string): boolean {
  return load().idf(term) !== undefined;
}
