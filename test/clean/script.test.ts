import { Converter, Locale } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { charactersThatConvert, scriptConverter } from '../../src/clean/script.js';
import { readRealDocuments } from '../helpers/real-feeds.js';
import { sharedData } from '../helpers/shared-data.js';

const realFeeds = sharedData('real-feeds');

/** Every key and value of every dictionary opencc-js ships, in any locale or preset. */
function everyDictionaryWord(): string[] {
  const words = new Set<string>();
  // Dictionaries are `key value|key value` strings or [key, value] pairs, nested in groups and chains.
  const collect = (node: unknown): void => {
    if (typeof node === 'string') for (const line of node.split('|')) for (const word of line.split(' ')) words.add(word);
    else if (Array.isArray(node)) for (const child of node) collect(child);
  };
  collect([Object.values(Locale.from), Object.values(Locale.to), Object.values(Locale.configs as Record<string, object>).map((config) => Object.values(config))]);
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
