import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { describe, expect, it } from 'vitest';
import { daysOfFolded, decidedSalient, foldText, segmentationInput, taggedWords, termsOfFolded } from '../../src/dedup/text.js';
import { repoRoot } from './labelled-sets.js';

/** As dedup reads a text: folded once, then segmented or searched for days. */
const terms = (text: string) => termsOfFolded(foldText(text));
const mentionedDays = (text: string) => daysOfFolded(foldText(text));

describe('terms', () => {
  it('folds traditional script and name variants so outlets share words', () => {
    expect(terms('川普稱北韓試射飛彈').words).toEqual(expect.arrayContaining(['特朗普', '朝鲜', '导弹']));
  });

  it('keeps names, places and numbers with their units as salient tokens', () => {
    const { salient } = terms('美国总统特使克里2021年4月14日抵达上海，访问持续72小时，6.1级地震');
    expect(salient).toEqual(expect.arrayContaining(['克里', '上海', '4月14日', '72小时', '6.1级']));
  });

  it('drops bare small numbers and the remnants jieba leaves of split dates', () => {
    const { salient } = terms('克里将于14日至17日访华，共3天');
    expect(salient).not.toContain('3');
    expect(salient).not.toContain('日至');
  });
});

describe('words and salient tokens, word by word', () => {
  it('follow each word\'s tag, whether the word is met for the first time or again', () => {
    const folders = ['test/fixtures/dedup/written', 'seeds'].map((dir) => path.join(repoRoot, dir));
    const texts = folders.flatMap((dir) => readdirSync(dir).filter((name) => !name.endsWith('.json')).map((name) => foldText(readFileSync(path.join(dir, name), 'utf8'))));
    // The rule, from jieba's tags: words of two or more characters that are neither blank nor start with a
    // digit; salient if tagged as a name, place, organisation, other proper noun, abbreviation or Latin
    // word; undecided if tagged x and made of two or more Han characters that do not start with a date unit.
    const expected = (folded: string) => {
      const words: string[] = [];
      const salient: string[] = [];
      for (const { word, tag } of taggedWords(segmentationInput(folded))) {
        if (word.length < 2 || word.trim() !== word || /^\d/.test(word)) continue;
        words.push(word);
        if (/^(nr|ns|nt|nz|j|eng)/.test(tag)) salient.push(word);
        else if (tag === 'x' && /^\p{Script=Han}{2,}$/u.test(word) && !/^[年月日号]/.test(word)) salient.push(`?${word}`);
      }
      return { words, salient };
    };
    for (const round of ['first', 'again']) {
      for (const folded of texts) {
        const { words, salient } = termsOfFolded(folded, 'mark');
        const wanted = expected(folded);
        expect(words.slice(0, wanted.words.length), round).toEqual(wanted.words);
        expect(salient.slice(0, wanted.salient.length), round).toEqual(wanted.salient);
      }
    }
  });
});

describe('undecided unknown words (as a worker encodes them)', () => {
  it('decide to exactly the salient tokens of deciding at once, over the written set and the seeds', () => {
    const folders = ['test/fixtures/dedup/written', 'seeds'].map((dir) => path.join(repoRoot, dir));
    const texts = folders.flatMap((dir) => readdirSync(dir).filter((name) => !name.endsWith('.json')).map((name) => readFileSync(path.join(dir, name), 'utf8')));
    let kept = 0;
    let dropped = 0;
    for (const text of texts) {
      const folded = foldText(text);
      const marked = termsOfFolded(folded, 'mark');
      const decided = termsOfFolded(folded);
      expect(marked.words).toEqual(decided.words);
      expect(decidedSalient(marked.salient)).toEqual(decided.salient);
      const undecided = marked.salient.filter((token) => token.startsWith('?')).length;
      kept += undecided - (marked.salient.length - decided.salient.length);
      dropped += marked.salient.length - decided.salient.length;
    }
    // Both ways occur: names the corpus lacks (kept) and common words jieba's HMM put together (dropped).
    expect(kept).toBeGreaterThan(10);
    expect(dropped).toBeGreaterThan(10);
  });
});

describe('mentionedDays', () => {
  it('reads each named calendar day once, with or without its year', () => {
    expect(mentionedDays('2021年4月14日至4月17日，4月14日抵达，7月22号')).toEqual([
      { month: 4, day: 14 },
      { month: 4, day: 17 },
      { month: 7, day: 22 },
    ]);
  });
});

describe('taggedWords', () => {
  it("gives every word of the written set and the seeds exactly the tag jieba's own tag() gives", () => {
    const folders = ['test/fixtures/dedup/written', 'seeds'].map((dir) => path.join(repoRoot, dir));
    const texts = folders.flatMap((dir) => readdirSync(dir).filter((name) => !name.endsWith('.json')).map((name) => readFileSync(path.join(dir, name), 'utf8')));
    expect(texts.length).toBeGreaterThan(60);
    const jieba = Jieba.withDict(dict);
    let words = 0;
    for (const text of texts) {
      // As termsOfFolded hands text to jieba: folded, punctuation and symbols as spaces; plus the raw text as it is.
      for (const input of [foldText(text).replace(/[\p{P}\p{S}\s]+/gu, ' '), text]) {
        const expected = jieba.tag(input, true);
        expect(taggedWords(input)).toEqual(expected);
        words += expected.length;
      }
    }
    expect(words).toBeGreaterThan(50_000);
  });
});
