import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DictionaryTags } from '../../src/dedup/dictionary.js';

const { dict } = createRequire(import.meta.url)('@node-rs/jieba/dict.js') as { dict: Uint8Array };

/** jieba's dictionary as lines of `word frequency tag`. */
const JIEBA = Buffer.from(dict).toString('utf8');

describe('DictionaryTags', () => {
  it("finds every word of jieba's dictionary with the tag of its first line", () => {
    const tags = DictionaryTags.of(JIEBA);
    const expected = new Map<string, string>();
    for (const line of JIEBA.split('\n')) {
      const [word, , tag] = line.split(' ');
      if (word !== undefined && tag !== undefined && !expected.has(word)) expected.set(word, tag);
    }
    expect(expected.size).toBeGreaterThan(340_000);
    const wrong = [...expected].filter(([word, tag]) => tags.tagOf(word) !== tag);
    expect(wrong).toEqual([]);
    // Asked again, from what it remembers.
    expect(tags.tagOf('中国')).toBe(expected.get('中国'));
  });

  it('finds no word the dictionary lacks, whatever it sorts next to', () => {
    const tags = DictionaryTags.of(JIEBA);
    // A prefix and an extension of the first line's word, words before the first and after the last,
    // a word that sorts between two lines, and text that is not a word.
    for (const word of ['1号', '1号店店', '0', '\uffff', '中国x', '蓬佩奥', ' ', '']) expect(tags.tagOf(word), word).toBeUndefined();
  });

  it('keeps the first of two lines for one word, as jieba does', () => {
    const tags = DictionaryTags.of('乙 3 n\n甲 5 nr\n甲 9 v\n甲乙 2 ns\n');
    expect(tags.tagOf('甲')).toBe('nr');
    expect(tags.tagOf('甲乙')).toBe('ns');
    expect(tags.tagOf('乙')).toBe('n');
    expect(tags.tagOf('丙')).toBeUndefined();
  });

  it('refuses a dictionary whose lines are not sorted by word, which binary search would misread', () => {
    expect(() => DictionaryTags.of('甲 5 nr\n乙 3 n\n')).toThrow(/not sorted by word at its entry 2/);
    expect(() => DictionaryTags.of('甲乙 2 ns\n甲 5 nr\n')).toThrow(/not sorted/);
  });
});
