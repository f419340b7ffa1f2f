import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { IdfTable } from '../../src/dedup/idf-table.js';

const { idf } = createRequire(import.meta.url)('@node-rs/jieba/dict.js') as { idf: Uint8Array };

/** jieba's IDF table as lines of `word idf`. */
const JIEBA_IDF = Buffer.from(idf).toString('utf8');

/** The table as a Map, filled line by line (a later line for a word replaces an earlier one). */
function asMap(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && space < line.length - 1) map.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return map;
}

const medianOf = (values: Iterable<number>): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

describe('IdfTable', () => {
  it("gives every word of jieba's table its IDF, and the median of them all", () => {
    const table = IdfTable.of(JIEBA_IDF);
    const expected = asMap(JIEBA_IDF);
    expect(expected.size).toBeGreaterThan(250_000);
    const wrong = [...expected].filter(([word, value]) => table.idf(word) !== value);
    expect(wrong).toEqual([]);
    expect(table.median).toBe(medianOf(expected.values()));
  });

  it('finds no word the table lacks: prefixes and extensions of its words, other text, nothing', () => {
    const table = IdfTable.of(JIEBA_IDF);
    const known = asMap(JIEBA_IDF);
    // For words of three or more characters, their first two and each with a character added; then other text.
    const candidates = [...known.keys()]
      .filter((word) => word.length >= 3)
      .slice(0, 2_000)
      .flatMap((word) => [word.slice(0, 2), `${word}甲`, `${word} `])
      .concat(['蓬佩奥乙', ' ', '', '\uffff', 'feedx']);
    const absent = candidates.filter((word) => !known.has(word));
    expect(absent.length).toBeGreaterThan(2_000);
    expect(absent.filter((word) => table.idf(word) !== undefined)).toEqual([]);
  });

  it('keeps the last of two lines for one word, and skips lines without a word or a value', () => {
    const table = IdfTable.of('甲 5.5\n乙 3\n甲 9.25\n 7\n丙\n丁 \n甲乙 2\n');
    expect(table.idf('甲')).toBe(9.25);
    expect(table.idf('乙')).toBe(3);
    expect(table.idf('甲乙')).toBe(2);
    for (const word of ['丙', '丁', '']) expect(table.idf(word), word).toBeUndefined();
    // The words, each once: 2, 3, 9.25.
    expect(table.median).toBe(3);
  });

  it('finds words whose hashes collide, and reads an empty table', () => {
    // Four hundred words in a table of at most 1,024 slots: many share a slot and are found by probing.
    const words = Array.from({ length: 400 }, (_, i) => `词${i}`);
    const table = IdfTable.of(words.map((word, i) => `${word} ${i + 0.5}`).join('\n'));
    expect(words.filter((word, i) => table.idf(word) !== i + 0.5)).toEqual([]);
    expect(IdfTable.of('').idf('甲')).toBeUndefined();
    expect(IdfTable.of('').median).toBe(0);
  });
});
