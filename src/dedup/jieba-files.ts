import { requireCommonJs } from '../commonjs.js';

/**
 * jieba's two files, its dictionary (`dict`: word, frequency, tag) and its IDF table (`idf`), as bytes.
 * Required on first use, not at import: the module reads both files (11 MB) when it loads, and a thread
 * that never segments nor dedups (the main thread of a run whose words are all cached) need not.
 */
export const jiebaFiles = (): typeof import('@node-rs/jieba/dict.js') =>
  requireCommonJs('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
