/**
 * jieba's IDF table (`word idf` lines), looked up in the table's own text through a hash index of where
 * each line starts. A Map of its 270,000 words took 300–400 ms to fill and left that many strings for the
 * garbage collector, in every process that dedups: the largest single cost of a build of a few hundred
 * items. Indexed in place it takes 150–240 ms, most of it reading the values for the median; a build
 * looks up a few tens of thousands of words.
 */
export class IdfTable {
  private constructor(
    private readonly text: string,
    /** Open addressing, linear probing: each slot holds a line number + 1 (0 is empty). */
    private readonly slots: Int32Array,
    /** Where each line starts in `text`. */
    private readonly starts: Int32Array,
    /** Each line's IDF. */
    private readonly values: Float64Array,
    /** The median IDF over the table's words: the weight of a word it lacks. */
    readonly median: number,
  ) {}

  /**
   * Indexes a table. A line without a space, or with nothing after it, is skipped; of two lines for one
   * word the last counts (as filling a Map would have it).
   */
  static of(text: string): IdfTable {
    let lineCount = 1;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lineCount++;
    // At most half full, so a probe rarely walks far.
    const size = 2 ** Math.ceil(Math.log2(lineCount * 2 + 1));
    const slots = new Int32Array(size);
    const starts = new Int32Array(lineCount);
    const values = new Float64Array(lineCount);
    let lines = 0;
    for (let at = 0; at < text.length; ) {
      // One pass over the word: it is hashed while its end is looked for.
      let hash = FNV_OFFSET;
      let space = at;
      let unit = 0;
      for (; space < text.length; space++) {
        unit = text.charCodeAt(space);
        if (unit === SPACE || unit === NEWLINE) break;
        hash = Math.imul(hash ^ unit, FNV_PRIME);
      }
      let end = unit === NEWLINE ? space : text.indexOf('\n', space);
      if (end < 0) end = text.length;
      if (unit === SPACE && space > at && space < end - 1) {
        let slot = (hash >>> 0) & (size - 1);
        // The same word on an earlier line: this line replaces it.
        while (slots[slot] !== 0 && !sameWord(text, starts[slots[slot]! - 1]!, at, space)) slot = (slot + 1) & (size - 1);
        starts[lines] = at;
        values[lines] = Number(text.slice(space + 1, end));
        slots[slot] = ++lines;
      }
      at = end + 1;
    }
    // The median over the words, each once: the lines a later line replaced are not in a slot.
    const kept = new Float64Array(lines);
    let count = 0;
    for (const line of slots) if (line !== 0) kept[count++] = values[line - 1]!;
    // A typed array sorts numbers natively: half the time of sorting an array with a comparator.
    const sorted = kept.subarray(0, count).sort();
    return new IdfTable(text, slots, starts, values, sorted[Math.floor(count / 2)] ?? 0);
  }

  /** The IDF of a word, or undefined when the table lacks it. */
  idf(word: string): number | undefined {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(word) & mask; ; slot = (slot + 1) & mask) {
      const line = this.slots[slot]!;
      if (line === 0) return undefined;
      if (this.isWordOf(line - 1, word)) return this.values[line - 1];
    }
  }

  /** Whether a line's word is `word`, read in place (no string is made): the word ends at its line's first space. */
  private isWordOf(line: number, word: string): boolean {
    const start = this.starts[line]!;
    for (let i = 0; i < word.length; i++) if (this.text.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
    return this.text.charCodeAt(start + word.length) === SPACE;
  }
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** FNV-1a over UTF-16 code units: `of` hashes a line's word as it reads it, `idf` the word asked for. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashOf(word: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/** Whether the words starting at `a` and at `b` (where a space at `bEnd` ends the second) are one word. */
function sameWord(text: string, a: number, b: number, bEnd: number): boolean {
  const length = bEnd - b;
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return text.charCodeAt(a + length) === SPACE;
}
