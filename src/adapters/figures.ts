import type { CheerioAPI } from 'cheerio';
import { Element } from 'domhandler';

/**
 * VOA, DW and 2020 NYT put a caption under an image as `<img><div><small>caption</small></div>`;
 * a reader shows that as a figure, so it becomes `<figure><img><figcaption>caption</figcaption></figure>`.
 * Returns how many figures it made.
 */
export function figureFromSmallCaption($: CheerioAPI): number {
  let made = 0;
  $('img, video').each((_, el) => {
    const media = $(el);
    if (media.parent().is('figure')) return;
    const next = media.next();
    const small = next.is('small') ? next : next.is('div, p') && next.children().length === 1 ? next.children('small') : undefined;
    if (!small?.length || next.text().trim() !== small.text().trim()) return;
    const caption = small.text();
    // Built directly: `$('<figure>')` would run the HTML parser once per image.
    const figure = $(new Element('figure', {}));
    media.before(figure);
    figure.append(media);
    if (caption.trim() !== '') figure.append($(new Element('figcaption', {})).append(small.contents()));
    next.remove();
    made++;
  });
  return made;
}
