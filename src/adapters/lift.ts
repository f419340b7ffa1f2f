import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/** Date lines sit at the top of the body; only this many leading blocks are examined. */
const LEADING_BLOCKS = 4;

/** The first few top-level elements of the body, where outlets paste their date lines. */
export function leadingBlocks($: CheerioAPI): Cheerio<Element> {
  return $.root().children().slice(0, LEADING_BLOCKS);
}

/** Text of a node with `<br>` read as a line break, lines trimmed, empty lines dropped. */
export function linesOf($: CheerioAPI, node: Cheerio<AnyNode>): string[] {
  const copy = node.clone();
  copy.find('br').replaceWith('\n');
  return copy
    .text()
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0\u202f]+/g, ' ').trim())
    .filter((line) => line !== '');
}

/** A doubled byline (`KONEY BAI,KONEY BAI`) names one author once; empty or padded ones name none. */
export function tidyAuthor(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const names = raw
    .split(/[,，、]/)
    .map((n) => n.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((n) => n !== '');
  const unique = [...new Set(names)];
  return unique.length === 0 ? undefined : unique.join(', ');
}

/** Bylines set in capitals by the outlet's stylesheet (`LISA FRIEDMAN`) read as names (`Lisa Friedman`). */
export function unshout(name: string | undefined): string | undefined {
  if (name === undefined || !/^[A-Z][A-Z .,'’-]*$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|[\s,'’-])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}
