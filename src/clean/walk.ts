import { $ } from './cheerio.js';
import { isTag, type AnyNode, type Element, type ParentNode, type Text } from 'domhandler';

/**
 * Plain recursive walks over the parsed body. Cheerio's `$('*').contents().add(…)` sorts its results by
 * document position on every call, which made these whole-document passes the slowest part of cleaning.
 */

/** Every text node under `node`, in document order. */
export function textNodes(node: AnyNode, into: Text[] = []): Text[] {
  if (node.type === 'text') into.push(node);
  else if ('children' in node) for (const child of node.children) textNodes(child, into);
  return into;
}

/** Every element under `node`, children before their parent (so removing one never skips another). */
export function elementsInnermostFirst(node: AnyNode, into: Element[] = []): Element[] {
  if ('children' in node) for (const child of node.children) elementsInnermostFirst(child, into);
  if (node.type === 'tag') into.push(node);
  return into;
}

/*
 * The edits cleaning makes are cheerio's (./cheerio.ts); the walks that only read are plain loops. Each
 * `$(…)` makes two cheerio objects and flattens the loader's options, which cost more than the edit
 * itself when a body's every `<span>` is unwrapped one call at a time (RFI's bodies: about 25 unwraps an
 * item). So a pass collects what it removes or unwraps and hands it to cheerio in one selection.
 */

/** Removes `node` from its parent (`.remove()`). */
export function detach(node: AnyNode): void {
  detachAll([node]);
}

/** Removes every node of the list from its parent, in list order (`.remove()` on one selection). */
export function detachAll(nodes: readonly AnyNode[]): void {
  if (nodes.length > 0) $(nodes as AnyNode[]).remove();
}

/** Replaces `el` by its children (`.replaceWith(.contents())`). */
export function unwrap(el: Element): void {
  unwrapAll([el]);
}

/**
 * Replaces each element of the list by its children, in list order (`.replaceWith` on one selection):
 * list nested elements innermost first, so each is unwrapped where its parent still holds it.
 */
export function unwrapAll(elements: readonly Element[]): void {
  if (elements.length > 0) $(elements as Element[]).replaceWith((_index, el) => (el as Element).children);
}

/** Removes every child of `el` (`.empty()`). */
export function empty(el: Element): void {
  $(el).empty();
}

/** The text of a node as cheerio's `.text()` reads it: every text node below it, comments left out. */
export function textOf(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (node.type === 'comment' || !('children' in node)) return '';
  let text = '';
  for (const child of node.children) text += textOf(child);
  return text;
}

/** Every element under `node` for which `test` holds, in document order (as `$(selector)` lists them). */
export function elementsWhere(node: AnyNode, test: (el: Element) => boolean, into: Element[] = []): Element[] {
  if ('children' in node) {
    for (const child of node.children) {
      if (isTag(child) && test(child)) into.push(child);
      elementsWhere(child, test, into);
    }
  }
  return into;
}

/** The first element under `node` for which `test` holds, in document order. */
export function firstElementWhere(node: AnyNode, test: (el: Element) => boolean): Element | undefined {
  if (!('children' in node)) return undefined;
  for (const child of node.children) {
    if (isTag(child) && test(child)) return child;
    const found = firstElementWhere(child, test);
    if (found) return found;
  }
  return undefined;
}

/** The element children of `node` (cheerio's `.children()`). */
export function childElements(node: ParentNode): Element[] {
  return node.children.filter(isTag);
}

/** The next sibling that is an element (cheerio's `.next()`). */
export function nextElement(node: AnyNode): Element | undefined {
  for (let sibling = node.next; sibling; sibling = sibling.next) if (isTag(sibling)) return sibling;
  return undefined;
}

/** Moves `child` to the end of `parent`'s children (`.append()`). */
export function appendChild(parent: ParentNode, child: AnyNode): void {
  $(parent).append(child);
}

/** Moves `node` to just before `reference` (`.before()`); nothing when `reference` is detached. */
export function insertBefore(reference: AnyNode, node: AnyNode): void {
  if (reference.parent) $(reference).before(node);
}
