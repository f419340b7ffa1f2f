import { Element, type Document } from 'domhandler';
import { appendChild, childElements, detach, elementsWhere, insertBefore, nextElement, textOf } from '../clean/walk.js';

const MEDIA = new Set(['img', 'video']);

/** The `<small>` caption that follows a picture: the next element itself, or the only element of a `<div>`/`<p>`. */
function smallCaption(next: Element): Element | undefined {
  if (next.name === 'small') return next;
  if (next.name !== 'div' && next.name !== 'p') return undefined;
  const children = childElements(next);
  return children.length === 1 && children[0]!.name === 'small' ? children[0] : undefined;
}

/**
 * VOA, DW and 2020 NYT put a caption under an image as `<img><div><small>caption</small></div>`;
 * a reader shows that as a figure, so it becomes `<figure><img><figcaption>caption</figcaption></figure>`.
 * Returns how many figures it made. Works on the parsed nodes directly (no Cheerio wrapper per image).
 */
export function figureFromSmallCaption(root: Document): number {
  let made = 0;
  for (const media of elementsWhere(root, (el) => MEDIA.has(el.name))) {
    const parent = media.parent;
    if (parent?.type === 'tag' && parent.name === 'figure') continue;
    const next = nextElement(media);
    const small = next && smallCaption(next);
    if (!next || !small || textOf(next).trim() !== textOf(small).trim()) continue;
    const caption = textOf(small);
    const figure = new Element('figure', {});
    insertBefore(media, figure);
    appendChild(figure, media);
    if (caption.trim() !== '') {
      const figcaption = new Element('figcaption', {});
      for (const child of [...small.children]) appendChild(figcaption, child);
      appendChild(figure, figcaption);
    }
    detach(next);
    made++;
  }
  return made;
}
