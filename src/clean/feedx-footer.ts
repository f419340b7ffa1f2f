import type { AnyNode, Document, Text } from 'domhandler';
import { detach, textOf } from './walk.js';

/**
 * feedx.net appends `<br><hr><div>获取更多RSS：<br><a href="https://feedx.net">…</a>…</div>` to about one
 * item in five, with varying mirror domains and varying whitespace before it. The marker text, not the
 * mirror name, identifies it.
 */
const MARKER = '获取更多RSS';
const FEEDX_HOST = /^https?:\/\/(www\.)?feedx\.[a-z]+\/?/i;

function isFooterFiller(node: AnyNode): boolean {
  if (node.type === 'text') return node.data.replace(/[\s\u00a0\u202f]/g, '') === '';
  if (node.type !== 'tag') return false;
  if (node.name === 'br' || node.name === 'hr') return true;
  return node.name === 'a' && FEEDX_HOST.test(node.attribs['href'] ?? '');
}

/** The text nodes holding the marker, in document order. */
function markerTexts(node: AnyNode, into: Text[] = []): Text[] {
  if (node.type === 'text') {
    if (node.data.includes(MARKER)) into.push(node);
  } else if ('children' in node) for (const child of node.children) markerTexts(child, into);
  return into;
}

/** Removes the footer and the `<br>`/`<hr>`/whitespace that leads up to it. Returns whether it was there. */
export function stripFeedxFooter(root: Document): boolean {
  let found = false;
  // The marker's own text node; its container is the footer when it holds nothing but footer parts.
  const markers = markerTexts(root);
  for (const textNode of markers) {
    found = true;
    let footer: AnyNode = textNode;
    const parent = textNode.parent;
    if (parent && parent.type === 'tag' && textOf(parent).trim().startsWith(MARKER)) footer = parent;
    // Everything after the marker in its container is footer: mirror links and breaks.
    while (footer.next && isFooterFiller(footer.next)) detach(footer.next);
    while (footer.prev && isFooterFiller(footer.prev)) detach(footer.prev);
    detach(footer);
  }
  return found;
}
