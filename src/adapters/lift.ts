import type { AnyNode, Document, Element } from 'domhandler';
import { childElements, detach } from '../clean/walk.js';
import type { LiftedMetadata } from './types.js';

/** Date lines sit at the top of the body; only this many leading blocks are examined. */
const LEADING_BLOCKS = 4;

/**
 * The date line: the first of the leading top-level elements named one of `names` that `read` recognises
 * (it returns the metadata the line holds, with a date) is removed from the body and its metadata returned.
 * Works on the parsed nodes directly: this runs once per item, and Cheerio wrappers cost more than the reading.
 */
export function liftDateLine(
  root: Document,
  names: readonly string[],
  read: (block: Element) => LiftedMetadata | undefined,
): LiftedMetadata {
  const blocks = childElements(root).slice(0, LEADING_BLOCKS);
  for (const block of blocks) {
    if (!names.includes(block.name)) continue;
    const lifted = read(block);
    if (lifted?.published === undefined) continue;
    detach(block);
    return lifted;
  }
  return {};
}

/** How many element children of `node` are named `name` (cheerio's `.children(name).length`). */
export function countChildren(node: Element, name: string): number {
  return childElements(node).filter((child) => child.name === name).length;
}

/** The text of a node with every `<br>` read as a line break (comments left out). */
function textWithBreaks(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (node.type === 'tag' && node.name === 'br') return '\n';
  if (node.type === 'comment' || !('children' in node)) return '';
  let text = '';
  for (const child of node.children) text += textWithBreaks(child);
  return text;
}

/** Text of a node with `<br>` read as a line break, lines trimmed, empty lines dropped. */
export function linesOf(node: AnyNode): string[] {
  return textWithBreaks(node)
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
