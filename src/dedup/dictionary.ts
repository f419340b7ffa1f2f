/**
 * The part-of-speech tags of jieba's dictionary, looked up in the dictionary's own text. Its lines are
 * `word frequency tag`, sorted by word as JavaScript compares strings, so a word is found by binary
 * search over where each line starts. Indexing the lines takes about 70 ms; a Map of all 349,000 words
 * took 300 ms and tens of MB in every thread that segments, while a build looks up a few tens of
 * thousands of distinct words. Nothing is remembered here: a lookup is a binary search of about 18
 * steps, and dedup (text.ts) remembers what it makes of each dictionary word it meets.
 */
export class DictionaryTags {
  private constructor(
    private readonly text: string,
    /** Where each line starts in `text`, in order. */
    private readonly starts: Int32Array,
  ) {}

  /** Indexes a dictionary. Throws if its lines are not sorted by word: binary search would miss words. */
  static of(text: string): DictionaryTags {
    const starts: number[] = [];
    for (let at = 0; at < text.length; ) {
      const newline = text.indexOf('\n', at);
      const end = newline < 0 ? text.length : newline;
      if (end > at) starts.push(at);
      at = end + 1;
    }
    const dictionary = new DictionaryTags(text, Int32Array.from(starts));
    for (let line = 1; line < starts.length; line++) {
      if (dictionary.compareWords(line - 1, line) > 0) {
        throw new Error(`jieba's dictionary is not sorted by word at its entry ${line + 1}; dedup/dictionary.ts needs it sorted`);
      }
    }
    return dictionary;
  }

  /** The tag of a word's first line in the dictionary (as jieba keeps it), or undefined when it has none. */
  tagOf(word: string): string | undefined {
    const line = this.firstLineNotBefore(word);
    if (line === this.starts.length || this.compareWith(line, word) !== 0) return undefined;
    const start = this.starts[line]!;
    const tagStart = this.text.indexOf(' ', this.text.indexOf(' ', start) + 1) + 1;
    const newline = this.text.indexOf('\n', tagStart);
    return this.text.slice(tagStart, newline < 0 ? this.text.length : newline);
  }

  /** The first line whose word does not sort before `word` (the line count if every word does). */
  private firstLineNotBefore(word: string): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compareWith(middle, word) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * How a line's word sorts against `word`, by UTF-16 code units as `<` compares strings, read in place
   * (no string is made). A line's word ends at its first space; words hold no spaces.
   */
  private compareWith(line: number, word: string): number {
    let at = this.starts[line]!;
    for (let i = 0; i < word.length; i++, at++) {
      const unit = this.text.charCodeAt(at);
      // The line's word ended first: a prefix of `word`, so it sorts before it.
      if (unit === SPACE) return -1;
      if (unit !== word.charCodeAt(i)) return unit - word.charCodeAt(i);
    }
    return this.text.charCodeAt(at) === SPACE ? 0 : 1;
  }

  /** How two lines' words sort, read in place as `compareWith` reads one. */
  private compareWords(first: number, second: number): number {
    for (let a = this.starts[first]!, b = this.starts[second]!; ; a++, b++) {
      const unitA = this.text.charCodeAt(a);
      const unitB = this.text.charCodeAt(b);
      if (unitA === SPACE || unitB === SPACE) return unitA === unitB ? 0 : unitA === SPACE ? -1 : 1;
      if (unitA !== unitB) return unitA - unitB;
    }
  }
}

const SPACE = 0x20;
