import type { AnyNode, Element, Text } from 'domhandler';

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
