import { Converter, Locale, type DictGroup, type DictLike } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { charactersThatConvert, scriptConverter } from '../../src/clean/script.js';
import { readRealDocuments } from '../helpers/real-feeds.js';
import { sharedData } from '../helpers/shared-data.js';

const realFeeds = sharedData('real-feeds');

/** Every key and value of every dictionary opencc-js ships, in any locale or preset. */
function everyDictionaryWord(): string[] {
  const locales = [Locale.from, Locale.to] as Array<Record<string, readonly DictGroup[]>>;
  const groups: Array<readonly DictGroup[]> = locales.flatMap((byName) => Object.values(byName));
  for (const config of Object.values(Locale.configs) as Array<Record<string, unknown>>) {
    for (const chain of Object.values(config)) if (Array.isArray(chain)) groups.push(chain as DictGroup[]);
  }
  const words = new Set<string>();
  const add = (dictionary: DictLike | DictGroup): void => {
    if (typeof dictionary === 'string') {
      for (const line of dictionary.split('|')) for (const word of line.split(' ')) words.add(word);
    } else {
      for (const entry of dictionary) {
        if (typeof entry === 'string' || (Array.isArray(entry) && Array.isArray(entry[0]))) add(entry as DictLike);
        else for (const word of entry as readonly string[]) words.add(word);
      }
    }
  };
  for (const group of groups) for (const dictionary of group) add(dictionary as DictLike | DictGroup);
  return [...words];
}

describe('charactersThatConvert', () => {
  const characters = charactersThatConvert([[['一坏', '一坯'], ['乾隆', '乾隆'], ['著', '着'], ['𤋮', '熙']]]);

  it('holds a character of each key that changes the text, and none of a key that keeps it', () => {
    expect(characters.anyIn('一坏')).toBe(true);
    expect(characters.anyIn('坏人')).toBe(true); // 坏 stands for 一坏: a text without it cannot hold the key
    expect(characters.anyIn('乾隆年间')).toBe(false);
    expect(characters.anyIn('著名')).toBe(true);
    expect(characters.anyIn('一天')).toBe(false);
  });

  it('reads characters outside the basic plane as one character', () => {
    expect(characters.anyIn('康𤋮')).toBe(true);
    // The same high surrogate with another low one is another character.
    expect(characters.anyIn('康\ud850\udec7')).toBe(false);
  });
});

describe('scriptConverter', () => {
  const options = [
    ['simplified', Converter({ from: 'tw', to: 'cn' })],
    ['traditional', Converter({ from: 'cn', to: 'tw' })],
  ] as const;

  it.each(options)('converts to %s as OpenCC does: every word of every dictionary, alone and in a sentence', (option, opencc) => {
    const convert = scriptConverter(option);
    const words = everyDictionaryWord();
    expect(words.length).toBeGreaterThan(10_000);
    const differing = words.filter((word) => convert(word) !== opencc(word) || convert(`他说${word}了`) !== opencc(`他说${word}了`));
    expect(differing).toEqual([]);
  });

  it('leaves a text with no character to convert as it is, and converts one that has', () => {
    const simplified = scriptConverter('simplified');
    expect(simplified('美国国务卿蓬佩奥周三表示')).toBe('美国国务卿蓬佩奥周三表示');
    expect(simplified('美國國務卿蓬佩奧週三表示')).toBe('美国国务卿蓬佩奥周三表示');
    expect(scriptConverter('keep')('美國')).toBe('美國');
  });

  it.skipIf(!realFeeds)('converts every real feed item as OpenCC does, in both directions', () => {
    const documents = readRealDocuments(realFeeds!);
    expect(documents.length).toBeGreaterThan(2000);
    for (const [option, opencc] of options) {
      const convert = scriptConverter(option);
      const differing = documents.filter(({ text }) => convert(text.slice(0, 3000)) !== opencc(text.slice(0, 3000)));
      expect(differing.map((d) => d.name)).toEqual([]);
    }
  });
});
