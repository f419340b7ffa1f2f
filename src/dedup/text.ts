import type { Jieba } from '@node-rs/jieba';
import { requireCommonJs } from '../commonjs.js';
import { scriptConverter } from '../clean/script.js';
import { inBackground } from './background.js';
import { DictionaryTags } from './dictionary.js';
import { jiebaFiles } from './jieba-files.js';
import { NAME_VARIANTS } from './variants.js';

/** Word segmentation: words carry across rewordings better than character n-grams. Loaded on first use. */
let segmenter: Jieba | undefined;

/**
 * The part-of-speech tags of jieba's dictionary (dictionary.ts). Segmenting with `cut` and looking tags
 * up there gives exactly what jieba's `tag` gives (test/dedup/text.test.ts compares them) at a third of
 * the cost: `tag` hands back one object per word across the native boundary, about 2 s of 3 for 10,000
 * items. Indexed on first use.
 */
let dictionaryTags: DictionaryTags | undefined;

/** jieba's tag of a word outside its dictionary: `eng` for Latin letters, `m` for digits, `x` for the rest. */
function tagOfUnknown(word: string): string {
  let latin = 0;
  let digits = 0;
  for (const char of word) {
    if (/[0-9]/.test(char)) digits++;
    else if (/[a-z]/i.test(char)) latin++;
  }
  return latin + digits === 0 ? 'x' : latin === 0 ? 'm' : 'eng';
}

/**
 * Words of a text in order, as jieba's `cut` gives them (HMM on: it finds names outside the dictionary).
 * (Exported for the benchmark's floor, which times exactly this call.)
 */
export function segmented(text: string): string[] {
  segmenter ??= (requireCommonJs('@node-rs/jieba') as typeof import('@node-rs/jieba')).Jieba.withDict(jiebaFiles().dict);
  return segmenter.cut(text, true);
}

/** The tags of jieba's dictionary, indexed on first use. */
function dictionary(): DictionaryTags {
  dictionaryTags ??= DictionaryTags.of(Buffer.from(jiebaFiles().dict).toString('utf8'));
  return dictionaryTags;
}

/** jieba's part-of-speech tag of one word it cut: its dictionary's, or what jieba gives a word outside it. */
function tagOf(word: string): string {
  return dictionary().tagOf(word) ?? tagOfUnknown(word);
}

/** Words in text order with jieba's part-of-speech tags, as `Jieba.tag(text, true)` gives them. */
export function taggedWords(text: string): Array<{ word: string; tag: string }> {
  return segmented(text).map((word) => ({ word, tag: tagOf(word) }));
}

const VARIANT_PATTERN = new RegExp(NAME_VARIANTS.map(([variant]) => variant).join('|'), 'g');
const CANONICAL_NAME = new Map(NAME_VARIANTS);

/**
 * Simplified (so 夥伴 and 伙伴 compare equal), NFKC, one spelling per name, lower case. Terms and days
 * are read from folded text; a caller that needs both folds once (OpenCC is the costly part).
 */
export function foldText(text: string): string {
  return scriptConverter('simplified')(text.normalize('NFKC'))
    .replace(VARIANT_PATTERN, (variant: string) => CANONICAL_NAME.get(variant)!)
    .toLowerCase();
}

/** Punctuation and symbols separate words; they are never words themselves. */
const SEPARATORS = /[\p{P}\p{S}\s]+/gu;

/** What jieba segments of a folded text: its punctuation and symbols become spaces. (Exported for the benchmark's floor.) */
export const segmentationInput = (folded: string): string => folded.replace(SEPARATORS, ' ');

/**
 * Part-of-speech tags (jieba's ICTCLAS set) of words that name a specific person, place, organisation or
 * thing: nr person, ns place, nt organisation, nz other proper noun, j abbreviation (中共, 世卫), eng Latin
 * words (FBI, BNO). `x` is also given to words jieba's HMM found outside its dictionary, which in news
 * are mostly names (蓬佩奥); such a word counts when it is two or more Han characters and unknown to the
 * general corpus (这一 and 将会 are tagged `x` too, but are common words).
 */
const SALIENT_TAGS = /^(nr|ns|nt|nz|j|eng)/;
const HAN_WORD = /^\p{Script=Han}{2,}$/u;

/** A calendar day, with or without its year (2021年4月14日, 4月14日, 7月22号): one token, 4月14日. */
const DAY = /(?:\d{4}年)?(\d{1,2})月(\d{1,2})[日号]/g;

/**
 * Other numbers with what they count or date (14日, 72小时, 6.1级, 23%): they pin down one development of
 * an affair (the day, the toll, the magnitude) where names only say which affair it is.
 */
const NUMBER_TOKEN = /\d+(?:\.\d+)?(?:年\d+月|[年月日号时%]|小时|分钟|天|周|岁|级|亿|万|千|百|名|人|架|艘|座|家|起|例|公里|米|吨|美元|欧元|元)?/g;

/** Jieba's leftovers of a number it split off (日至 of 14日至17日) name nothing. */
const NUMBER_REMNANT = /^[年月日号]/;

export interface Terms {
  /** Words of two or more characters (single characters are mostly particles), in text order. */
  words: string[];
  /** Names and numbers among them: the evidence of one specific event. */
  salient: string[];
}

/**
 * Marks a word jieba's HMM found outside its dictionary (tag x) whose salience is still to be decided:
 * it counts only if the general corpus does not know it either, and reading the corpus's table costs
 * half a second of loading. A worker thread that only encodes words (terms.ts) marks such words, and
 * dedup, which loads the table anyway, decides them (`decidedSalient`). Never part of a word: words are
 * cut from text whose punctuation is spaces.
 */
const UNDECIDED = '?';

/** What `termsOfFolded` makes of a word jieba cut. */
const SKIPPED = 0; // a single character (mostly particles), blank, or starting with a digit (numbers are read from the text)
const WORD = 1;
const SALIENT = 2; // a name, place, organisation, abbreviation or Latin word, by its tag
const UNKNOWN_NAME = 3; // two or more Han characters outside jieba's dictionary: a name if the corpus lacks it too

/**
 * The kinds of the dictionary's words, as they are met: news repeats its vocabulary, and one lookup here
 * replaces kindOf's tests for each of the hundred or so words of a lead. Only dictionary words are kept
 * (the dictionary bounds them; the names jieba's HMM puts together do not, in a long-running process).
 */
const kindOfDictionaryWord = new Map<string, number>();

function kindOf(word: string): number {
  if (word.length < 2) return SKIPPED;
  const known = kindOfDictionaryWord.get(word);
  if (known !== undefined) return known;
  if (word.trim() !== word || /^\d/.test(word)) return SKIPPED;
  const listed = dictionary().tagOf(word);
  const tag = listed ?? tagOfUnknown(word);
  const kind = SALIENT_TAGS.test(tag) ? SALIENT : tag === 'x' && HAN_WORD.test(word) && !NUMBER_REMNANT.test(word) ? UNKNOWN_NAME : WORD;
  if (listed !== undefined) kindOfDictionaryWord.set(word, kind);
  return kind;
}

/**
 * Words and salient tokens of a text already folded by `foldText`. With `unknownWords: 'mark'`, salient
 * holds words outside jieba's dictionary undecided, for `decidedSalient`.
 */
export function termsOfFolded(normalized: string, unknownWords: 'decide' | 'mark' = 'decide'): Terms {
  const words: string[] = [];
  const salient: string[] = [];
  for (const word of segmented(segmentationInput(normalized))) {
    const kind = kindOf(word);
    if (kind === SKIPPED) continue;
    words.push(word);
    if (kind === SALIENT) salient.push(word);
    else if (kind === UNKNOWN_NAME) {
      if (unknownWords === 'mark') salient.push(`${UNDECIDED}${word}`);
      else if (!inBackground(word)) salient.push(word);
    }
  }
  // Read numbers before punctuation goes: 6.1级 and 23% keep their point and sign. Days first, then the others.
  const keep = (number: string): void => {
    // A bare one- or two-digit number says nothing; with a unit, or a year or a count, it does.
    if (/^\d{1,2}$/.test(number)) return;
    words.push(number);
    salient.push(number);
  };
  // No array holding both (`[...days, ...numbers]`): where one was empty, it was another kind of array
  // than a match's, and V8 deoptimised this function at the loop over it on nearly every call.
  for (const m of normalized.matchAll(DAY)) keep(`${Number(m[1])}月${Number(m[2])}日`);
  const numbers = normalized.replace(DAY, ' ').match(NUMBER_TOKEN);
  if (numbers !== null) for (const number of numbers) keep(number);
  return { words, salient };
}

/** Salient tokens as `termsOfFolded` decides them, from its `'mark'` output: an unknown word stays if the corpus lacks it. */
export function decidedSalient(salient: readonly string[]): string[] {
  const decided: string[] = [];
  for (const token of salient) {
    if (!token.startsWith(UNDECIDED)) decided.push(token);
    else if (!inBackground(token.slice(UNDECIDED.length))) decided.push(token.slice(UNDECIDED.length));
  }
  return decided;
}

export interface MonthDay {
  month: number;
  day: number;
}

/** The calendar days (4月14日, 7月22号) a text already folded by `foldText` names, each once. */
export function daysOfFolded(folded: string): MonthDay[] {
  const seen = new Set<string>();
  const days: MonthDay[] = [];
  for (const m of folded.matchAll(DAY)) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (month < 1 || month > 12 || day < 1 || day > 31 || seen.has(`${month}-${day}`)) continue;
    seen.add(`${month}-${day}`);
    days.push({ month, day });
  }
  return days;
}
