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

/**
 * Removes `node` from its parent, as cheerio's `.remove()` does, without wrapping it in a Cheerio object:
 * in per-element loops the wrappers cost more than the removal.
 */
export function detach(node: AnyNode): void {
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  if (node.parent) {
    const siblings = node.parent.children;
    const index = siblings.lastIndexOf(node);
    if (index >= 0) siblings.splice(index, 1);
  }
  node.prev = null;
  node.next = null;
  node.parent = null;
}

/** Replaces `el` by its children, as `$(el).replaceWith($(el).contents())` does. */
export function unwrap(el: Element): void {
  const parent = el.parent;
  if (!parent) return;
  const siblings = parent.children;
  const index = siblings.indexOf(el);
  const children = el.children;
  for (const child of children) child.parent = parent;
  siblings.splice(index, 1, ...children);
  const first = children[0];
  const last = children[children.length - 1];
  if (first && last) {
    first.prev = el.prev;
    last.next = el.next;
    if (el.prev) el.prev.next = first;
    if (el.next) el.next.prev = last;
  } else {
    if (el.prev) el.prev.next = el.next;
    if (el.next) el.next.prev = el.prev;
  }
  el.children = [];
  el.parent = null;
  el.prev = null;
  el.next = null;
}

/** Removes every child of `el`, as cheerio's `.empty()` does. */
export function empty(el: Element): void {
  for (const child of el.children) {
    child.prev = null;
    child.next = null;
    child.parent = null;
  }
  el.children.length = 0;
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

/** Moves `child` to the end of `parent`'s children (cheerio's `.append()` of one node). */
export function appendChild(parent: ParentNode, child: AnyNode): void {
  detach(child);
  const last = parent.children[parent.children.length - 1];
  if (last) {
    last.next = child;
    child.prev = last;
  }
  parent.children.push(child);
  child.parent = parent;
}

/** Moves `node` to just before `reference` (cheerio's `.before()` of one node); nothing when `reference` is detached. */
export function insertBefore(reference: AnyNode, node: AnyNode): void {
  const parent = reference.parent;
  if (!parent) return;
  detach(node);
  const siblings = parent.children;
  siblings.splice(siblings.indexOf(reference), 0, node);
  node.parent = parent;
  node.prev = reference.prev;
  if (reference.prev) reference.prev.next = node;
  node.next = reference;
  reference.prev = node;
}
