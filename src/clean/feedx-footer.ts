import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { textNodes } from './walk.js';

/**
 * feedx.net appends `<br><hr><div>获取更多RSS：<br><a href="https://feedx.net">…</a>…</div>` to about one
 * item in five, with varying mirror domains and varying whitespace before it. The marker text, not the
 * mirror name, identifies it.
 */
const MARKER = '获取更多RSS';
const FEEDX_HOST = /^https?:\/\/(www\.)?feedx\.[a-z]+\/?/i;

function isFooterFiller($: CheerioAPI, node: AnyNode): boolean {
  if (node.type === 'text') return node.data.replace(/[\s\u00a0\u202f]/g, '') === '';
  if (node.type !== 'tag') return false;
  if (node.name === 'br' || node.name === 'hr') return true;
  return node.name === 'a' && FEEDX_HOST.test($(node).attr('href') ?? '');
}

/** Removes the footer and the `<br>`/`<hr>`/whitespace that leads up to it. Returns whether it was there. */
export function stripFeedxFooter($: CheerioAPI): boolean {
  let found = false;
  // The marker's own text node; its container is the footer when it holds nothing but footer parts.
  const markers = textNodes($.root()[0]!).filter((node) => node.data.includes(MARKER));
  for (const textNode of markers) {
    found = true;
    let footer: AnyNode = textNode;
    const parent = textNode.parent;
    if (parent && parent.type === 'tag' && $(parent).text().trim().startsWith(MARKER)) footer = parent;
    // Everything after the marker in its container is footer: mirror links and breaks.
    while (footer.next && isFooterFiller($, footer.next)) $(footer.next).remove();
    while (footer.prev && isFooterFiller($, footer.prev)) $(footer.prev).remove();
    $(footer).remove();
  }
  return found;
}
