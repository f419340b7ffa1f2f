import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { LiftedMetadata } from './types.js';

/** Date lines sit at the top of the body; only this many leading blocks are examined. */
const LEADING_BLOCKS = 4;

/** The first few top-level elements of the body, where outlets paste their date lines. */
function leadingBlocks($: CheerioAPI): Cheerio<Element> {
  return $.root().children().slice(0, LEADING_BLOCKS);
}

/**
 * The date line: the first of the leading blocks matching `selector` that `read` recognises (it returns
 * the metadata the line holds, with a date) is removed from the body and its metadata returned.
 */
export function liftDateLine(
  $: CheerioAPI,
  selector: string,
  read: (block: Cheerio<Element>) => LiftedMetadata | undefined,
): LiftedMetadata {
  for (const el of leadingBlocks($).filter(selector).toArray()) {
    const block = $(el);
    const lifted = read(block);
    if (lifted?.published === undefined) continue;
    block.remove();
    return lifted;
  }
  return {};
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
