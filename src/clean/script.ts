import { Converter, Locale, type DictGroup, type DictLike } from 'opencc-js';

/** Which script republished text is written in: as the outlet wrote it, or converted with OpenCC. */
export type ScriptOption = 'keep' | 'simplified' | 'traditional';

type Convert = (text: string) => string;

const identity: Convert = (text) => text;
const converters = new Map<ScriptOption, Convert>();

/**
 * OpenCC's locales for each option, as `Converter({ from, to })` takes them, and the name of the preset
 * conversion that Converter then uses (opencc-js's ConverterBuilder names them so).
 */
const LOCALES = {
  simplified: { from: 'tw', to: 'cn', preset: 'tw2s' },
  traditional: { from: 'cn', to: 'tw', preset: 's2tw' },
} as const;

/**
 * A preset conversion: optional normalisation, then the conversion chain. (opencc-js's types leave out
 * `normalizationChain`, which its Converter applies first.)
 */
interface PresetConfig {
  normalizationChain?: readonly DictGroup[];
  conversionChain: readonly DictGroup[];
}

/** Every dictionary `Converter({ from, to })` converts with: its preset's, else the two locales'. */
function dictionariesOf({ from, to, preset }: (typeof LOCALES)[keyof typeof LOCALES]): DictLike[] {
  const config = (Locale.configs as Record<string, PresetConfig | undefined>)[preset];
  const groups = config ? [...(config.normalizationChain ?? []), ...config.conversionChain] : [...(Locale.from[from] ?? []), ...(Locale.to[to] ?? [])];
  return groups.flat();
}

function pairsOf(dictionary: DictLike): ReadonlyArray<readonly [string, string]> {
  if (typeof dictionary !== 'string') return dictionary;
  return dictionary.split('|').map((line) => line.split(' ') as unknown as readonly [string, string]);
}

/** Code points, as a set that is quick to ask about the characters of a string. */
export class CodePoints {
  private readonly basic = new Uint8Array(0x10000);
  private readonly astral = new Set<number>();

  add(codePoint: number): void {
    if (codePoint < 0x10000) this.basic[codePoint] = 1;
    else this.astral.add(codePoint);
  }

  /** Whether any character of the text is in the set. */
  anyIn(text: string): boolean {
    for (let at = 0; at < text.length; at++) {
      const unit = text.charCodeAt(at);
      if (unit >= 0xd800 && unit < 0xdc00) {
        const codePoint = text.codePointAt(at)!;
        if (codePoint >= 0x10000) {
          at++;
          if (this.astral.has(codePoint)) return true;
          continue;
        }
      }
      if (this.basic[unit] === 1) return true;
    }
    return false;
  }
}

/**
 * The characters a text must hold for OpenCC to change it. OpenCC replaces the longest dictionary key
 * at each place in the text by its value; a key whose value is itself (乾隆 stays 乾隆) changes nothing.
 * Each key that does change something holds a character its value lacks (著 of 著→着, 坏 of 一坏→一坯)
 * or, failing that, any character of its own: a text with none of these characters holds none of those
 * keys, and every replacement OpenCC makes in it is a key by itself. Most titles and leads are such a
 * text (about three in four of the real feeds', written in simplified script), and the check costs about
 * a twentieth of the conversion it saves: 0.4 µs against 11 µs for a title or lead (tests compare both
 * on every dictionary key and the real feeds).
 */
export function charactersThatConvert(dictionaries: readonly DictLike[]): CodePoints {
  const characters = new CodePoints();
  for (const dictionary of dictionaries) {
    for (const [key, value] of pairsOf(dictionary)) {
      if (key === value) continue;
      const keyCharacters = [...key];
      const kept = new Set(value);
      const witness = keyCharacters.find((character) => !kept.has(character)) ?? keyCharacters[0];
      if (witness !== undefined) characters.add(witness.codePointAt(0)!);
    }
  }
  return characters;
}

/** The converter for an option, built once: OpenCC's dictionaries take a moment to load. */
export function scriptConverter(option: ScriptOption): Convert {
  if (option === 'keep') return identity;
  const cached = converters.get(option);
  if (cached) return cached;
  const locales = LOCALES[option];
  const opencc = Converter({ from: locales.from, to: locales.to });
  const converting = charactersThatConvert(dictionariesOf(locales));
  const convert: Convert = (text) => (converting.anyIn(text) ? opencc(text) : text);
  converters.set(option, convert);
  return convert;
}
