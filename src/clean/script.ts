import { Converter } from 'opencc-js';

/** Which script republished text is written in: as the outlet wrote it, or converted with OpenCC. */
export type ScriptOption = 'keep' | 'simplified' | 'traditional';

type Convert = (text: string) => string;

const identity: Convert = (text) => text;
const converters = new Map<ScriptOption, Convert>();

/** The converter for an option, built once: OpenCC's dictionaries take a moment to load. */
export function scriptConverter(option: ScriptOption): Convert {
  if (option === 'keep') return identity;
  const cached = converters.get(option);
  if (cached) return cached;
  const convert: Convert =
    option === 'simplified' ? Converter({ from: 'tw', to: 'cn' }) : Converter({ from: 'cn', to: 'tw' });
  converters.set(option, convert);
  return convert;
}
