import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { CleaningRules } from '../adapters/types.js';
import { collapseWhitespace } from './text.js';

/** What one rule did to one item; summed per source so a rule that stops firing shows up. */
export type RuleHits = Record<string, number>;

const BLOCKS = 'p, div, em, strong, small, blockquote, h1, h2, h3, h4, h5, h6, li';

/** Whether a node is still in the document (an ancestor may have been removed by an earlier rule). */
function isAttached(node: AnyNode): boolean {
  let current: AnyNode | null = node;
  while (current.parent) current = current.parent;
  return current.type === 'root';
}

function count(hits: RuleHits, rule: string, n: number): void {
  if (n > 0) hits[rule] = (hits[rule] ?? 0) + n;
}

/** Applies an outlet's data rules to the body: drop, unwrap, then drop blocks by their text. */
export function applyRules($: CheerioAPI, rules: CleaningRules, hits: RuleHits): void {
  for (const selector of rules.drop) {
    const found = $(selector);
    count(hits, `drop ${selector}`, found.length);
    found.remove();
  }
  for (const selector of rules.unwrap) {
    // Innermost first, so ten nested <span>s flatten in one pass.
    const found = $(selector).get().reverse();
    count(hits, `unwrap ${selector}`, found.length);
    for (const el of found) $(el).replaceWith($(el).contents());
  }
  if (rules.dropBlocksMatching.length === 0) return;
  $(BLOCKS).each((_, el) => {
    if (!isAttached(el)) return;
    const block = $(el);
    const text = collapseWhitespace(block.text());
    if (text === '') return;
    const rule = rules.dropBlocksMatching.find((pattern) => pattern.test(text));
    if (!rule) return;
    count(hits, `drop text ${rule.source}`, 1);
    block.remove();
  });
}
