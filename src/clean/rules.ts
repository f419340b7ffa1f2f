import { compile, selectAll } from 'css-select';
import { isTag, type AnyNode, type Document, type Element, type ParentNode, type Text } from 'domhandler';
import type { CleaningRules } from '../adapters/types.js';
import { collapseWhitespace } from './text.js';
import { detachAll, textOf, unwrapAll } from './walk.js';

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

/** Elements that bound a `cutText` match: a run of text never spans two of them. */
const TEXT_CONTAINERS = new Set(['p', 'div', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'figcaption', 'section', 'article', 'footer']);

/** The text nodes of the document grouped by the block that holds them, in document order. */
function textRuns(root: Document): Text[][] {
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

/** Each cutText pattern's global twin, made once: building a RegExp per text run showed in profiles. */
const globals = new WeakMap<RegExp, RegExp>();
function globalTwin(pattern: RegExp): RegExp {
  let global = globals.get(pattern);
  if (global === undefined) {
    global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    globals.set(pattern, global);
  }
  return global;
}

function cutText(run: Text[], pattern: RegExp): boolean {
  const text = run.map((n) => n.data).join('');
  // matchAll copies the RegExp (lastIndex included, which is never left set), so sharing the twin is safe.
  const global = globalTwin(pattern);
  const ranges: Array<[number, number]> = [];
  for (const m of text.matchAll(global)) if (m[0] !== '') ranges.push([m.index, m.index + m[0].length]);
  if (ranges.length === 0) return false;
  cutRanges(run, ranges);
  return true;
}

type CompiledQuery = (node: AnyNode) => boolean;

/** A rule's selector compiled once per process: compiling costs more than testing one element. */
const compiled = new Map<string, CompiledQuery>();
function matcher(selector: string): CompiledQuery {
  let query = compiled.get(selector);
  if (query === undefined) {
    query = compile<AnyNode, Element>(selector);
    compiled.set(selector, query);
  }
  return query;
}

/**
 * Whether a selector looks only at the element itself (names, classes, ids, attributes, `:not` of those).
 * Such a selector matches the same elements before and after other rules remove or unwrap things, so all
 * rules can be tested in one walk and still fire exactly as when applied one after another. Anything with
 * a combinator or another pseudo-class is applied on its own, the slow way.
 */
function looksOnlyAtElement(selector: string): boolean {
  const outside = selector.replace(/\[[^\]]*\]/g, '[]').replace(/:not\(/g, '(');
  return outside.split(',').every((part) => !/[\s>+~:]/.test(part.trim()));
}

interface CompiledRule {
  name: string;
  matches: CompiledQuery;
}

/** An outlet's drop and unwrap rules compiled for one walk, or null when a selector needs the slow way. Made once per rules object. */
const walkables = new WeakMap<CleaningRules, { drops: CompiledRule[]; unwraps: CompiledRule[] } | null>();
function walkableRules(rules: CleaningRules): { drops: CompiledRule[]; unwraps: CompiledRule[] } | null {
  let walkable = walkables.get(rules);
  if (walkable === undefined) {
    const selectors = [...Object.values(rules.drop), ...Object.values(rules.unwrap)];
    const compileAll = (entries: Array<[string, string]>): CompiledRule[] => entries.map(([name, selector]) => ({ name, matches: matcher(selector) }));
    walkable = selectors.every(looksOnlyAtElement) ? { drops: compileAll(Object.entries(rules.drop)), unwraps: compileAll(Object.entries(rules.unwrap)) } : null;
    walkables.set(rules, walkable);
  }
  return walkable;
}

/**
 * `drop` then `unwrap`, in one walk. A drop rule fires when it matches an element that no earlier drop
 * rule removed (the element itself or an ancestor); inside a dropped element only the rules before the
 * one that dropped it are still looked for, as when each rule removes its matches in turn. Unwrap rules
 * fire on elements no drop rule removed, the first matching rule taking the element.
 */
function dropAndUnwrap(root: ParentNode, drops: CompiledRule[], unwraps: CompiledRule[], prefix: string, fired: FiredRules): void {
  const dropped: Element[] = [];
  const unwrapped: Element[] = [];
  const dropFired = drops.map(() => false);
  const unwrapFired = unwraps.map(() => false);
  const visit = (parent: ParentNode, limit: number, inDropped: boolean): void => {
    for (const child of parent.children) {
      if (!isTag(child)) continue;
      let rule = -1;
      for (let i = 0; i < limit; i++) {
        if (drops[i]!.matches(child)) {
          rule = i;
          break;
        }
      }
      if (rule >= 0) {
        dropFired[rule] = true;
        if (!inDropped) dropped.push(child);
        if (rule > 0) visit(child, rule, true);
        continue;
      }
      if (!inDropped) {
        const unwrapRule = unwraps.findIndex((u) => u.matches(child));
        if (unwrapRule >= 0) {
          unwrapFired[unwrapRule] = true;
          unwrapped.push(child);
        }
      }
      visit(child, limit, inDropped);
    }
  };
  visit(root, drops.length, false);
  // Named in rule order, as applying the rules one after another names them.
  drops.forEach((rule, i) => {
    if (dropFired[i]) fired.add(`${prefix}${rule.name}`);
  });
  unwraps.forEach((rule, i) => {
    if (unwrapFired[i]) fired.add(`${prefix}${rule.name}`);
  });
  detachAll(dropped);
  // Innermost first, so ten nested <span>s flatten in one pass.
  unwrapAll(unwrapped.reverse());
}

/** Elements whose text `dropBlocks` patterns are matched against. */
const BLOCK_NAMES = new Set(['p', 'div', 'em', 'strong', 'small', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

/**
 * Every block (outermost first, in document order) whose whole text matches a pattern is removed. A block
 * removed takes its inner blocks with it, and removing one never changes the text of a block examined
 * later (those come after it or inside it), so one walk that stops at removed blocks does it all.
 */
function dropBlocks(root: ParentNode, rules: Array<[string, RegExp]>, prefix: string, fired: FiredRules): void {
  const removed: Element[] = [];
  const visit = (parent: ParentNode): void => {
    for (const child of parent.children) {
      if (!isTag(child)) continue;
      if (BLOCK_NAMES.has(child.name)) {
        const text = collapseWhitespace(textOf(child));
        const rule = text === '' ? undefined : rules.find(([, pattern]) => pattern.test(text));
        if (rule) {
          fired.add(`${prefix}${rule[0]}`);
          removed.push(child);
          continue;
        }
      }
      visit(child);
    }
  };
  visit(root);
  detachAll(removed);
}

/** Applies an outlet's data rules to the body, adding the name of every rule that fired to `fired`. */
export function applyRules(root: Document, rules: CleaningRules, prefix: string, fired: FiredRules): void {
  const walkable = walkableRules(rules);
  if (walkable) {
    if (walkable.drops.length + walkable.unwraps.length > 0) dropAndUnwrap(root, walkable.drops, walkable.unwraps, prefix, fired);
  } else {
    for (const [name, selector] of Object.entries(rules.drop)) {
      const found = selectAll<AnyNode, Element>(selector, root);
      if (found.length === 0) continue;
      fired.add(`${prefix}${name}`);
      detachAll(found);
    }
    for (const [name, selector] of Object.entries(rules.unwrap)) {
      const found = selectAll<AnyNode, Element>(selector, root);
      if (found.length === 0) continue;
      fired.add(`${prefix}${name}`);
      unwrapAll(found.reverse());
    }
  }
  const blockRules = Object.entries(rules.dropBlocks);
  if (blockRules.length > 0) dropBlocks(root, blockRules, prefix, fired);
  const textRules = Object.entries(rules.cutText);
  if (textRules.length > 0) {
    for (const run of textRuns(root)) {
      for (const [name, pattern] of textRules) if (cutText(run, pattern)) fired.add(`${prefix}${name}`);
    }
  }
}
