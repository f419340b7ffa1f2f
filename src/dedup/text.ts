import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { Converter } from 'opencc-js';

/** Traditional → Simplified, so 夥伴 and 伙伴 compare equal. Built once. */
const toSimplified = Converter({ from: 'tw', to: 'cn' });

/** How much of the body counts: outlets put the event in the lead; the far end of a long piece adds noise. */
export const LEAD_CHARACTERS = 1500;

/** Word segmentation: words carry across rewordings better than character n-grams. Loaded on first use. */
let segmenter: Jieba | undefined;

/** Text for comparison: folded to Simplified and NFKC, punctuation and spacing removed, lower case. */
export function foldForComparison(text: string): string {
  return toSimplified(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();
}

/** Words of two or more characters (single characters are mostly particles): Chinese has no spaces. */
export function words(folded: string): string[] {
  segmenter ??= Jieba.withDict(dict);
  return segmenter.cut(folded, false).filter((w) => w.length >= 2 && w.trim() === w);
}
