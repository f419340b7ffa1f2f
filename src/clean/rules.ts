import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Text } from 'domhandler';
import type { CleaningRules } from '../adapters/types.js';
import { collapseWhitespace } from './text.js';

/**
 * How many items each rule touched, per source: `{ "dw: copyright notice": 289, "feedx footer": 1422 }`.
 * Counted per item, not per element, so "touched 3 of 40 items" reads the same for every kind of rule.
 */
export type RuleHits = Record<string, number>;

/** The names of the rules that touched one item. */
export type FiredRules = Set<string>;

/** Adds one item's fired rules to a source's counts. */
export function countFired(hits: RuleHits, fired: FiredRules): void {
  for (const name of fired) hits[name] = (hits[name] ?? 0) + 1;
}

/** Elements whose text `dropBlocks` patterns are matched against. */
const BLOCKS = 'p, div, em, strong, small, blockquote, h1, h2, h3, h4, h5, h6, li';
/** Elements that bound a `cutText` match: a run of text never spans two of them. */
const TEXT_CONTAINERS = new Set(['p', 'div', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'figcaption', 'section', 'article', 'footer']);

/** Whether a node is still in the document (an ancestor may have been removed by an earlier rule). */
function isAttached(node: AnyNode): boolean {
  let current: AnyNode | null = node;
  while (current.parent) current = current.parent;
  return current.type === 'root';
}

/** The text nodes of the document grouped by the block that holds them, in document order. */
function textRuns($: CheerioAPI): Text[][] {
  const runs = new Map<AnyNode, Text[]>();
  const visit = (node: AnyNode, container: AnyNode): void => {
    if (node.type === 'text') {
      const run = runs.get(container) ?? [];
      run.push(node);
      runs.set(container, run);
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const inner = node.type === 'tag' && TEXT_CONTAINERS.has(node.name) ? node : container;
    for (const child of node.children) visit(child, inner);
  };
  const root = $.root()[0]!;
  visit(root, root);
  return [...runs.values()];
}

/** Removes the character ranges `[start, end)` of a run's concatenated text from its text nodes. */
function cutRanges(run: Text[], ranges: Array<[number, number]>): void {
  let offset = 0;
  for (const node of run) {
    const from = offset;
    const to = offset + node.data.length;
    offset = to;
    let data = node.data;
    // Right to left, so earlier offsets stay valid.
    for (const [start, end] of [...ranges].reverse()) {
      if (end <= from || start >= to) continue;
      data = data.slice(0, Math.max(start, from) - from) + data.slice(Math.min(end, to) - from);
    }
    node.data = data;
  }
}

function cutText(run: Text[], pattern: RegExp): boolean {
  const text = run.map((n) => n.data).join('');
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const ranges: Array<[number, number]> = [];
  for (const m of text.matchAll(global)) if (m[0] !== '') ranges.push([m.index, m.index + m[0].length]);
  if (ranges.length === 0) return false;
  cutRanges(run, ranges);
  return true;
}

/** Applies an outlet's data rules to the body, adding the name of every rule that fired to `fired`. */
export function applyRules($: CheerioAPI, rules: CleaningRules, prefix: string, fired: FiredRules): void {
  for (const [name, selector] of Object.entries(rules.drop)) {
    const found = $(selector);
    if (found.length === 0) continue;
    fired.add(`${prefix}${name}`);
    found.remove();
  }
  for (const [name, selector] of Object.entries(rules.unwrap)) {
    // Innermost first, so ten nested <span>s flatten in one pass.
    const found = $(selector).get().reverse();
    if (found.length === 0) continue;
    fired.add(`${prefix}${name}`);
    for (const el of found) $(el).replaceWith($(el).contents());
  }
  const blockRules = Object.entries(rules.dropBlocks);
  if (blockRules.length > 0) {
    $(BLOCKS).each((_, el) => {
      if (!isAttached(el)) return;
      const block = $(el);
      const text = collapseWhitespace(block.text());
      if (text === '') return;
      const rule = blockRules.find(([, pattern]) => pattern.test(text));
      if (!rule) return;
      fired.add(`${prefix}${rule[0]}`);
      block.remove();
    });
  }
  const textRules = Object.entries(rules.cutText);
  if (textRules.length > 0) {
    for (const run of textRuns($)) {
      for (const [name, pattern] of textRules) if (cutText(run, pattern)) fired.add(`${prefix}${name}`);
    }
  }
}
