import type { CheerioAPI } from 'cheerio';

/**
 * VOA, DW and 2020 NYT put a caption under an image as `<img><div><small>caption</small></div>`;
 * a reader shows that as a figure, so it becomes `<figure><img><figcaption>caption</figcaption></figure>`.
 */
export function figureFromSmallCaption($: CheerioAPI): void {
  $('img, video').each((_, el) => {
    const media = $(el);
    if (media.parent().is('figure')) return;
    const next = media.next();
    const small = next.is('small') ? next : next.is('div, p') && next.children().length === 1 ? next.children('small') : undefined;
    if (!small?.length || next.text().trim() !== small.text().trim()) return;
    const caption = small.html() ?? '';
    const figure = $('<figure></figure>');
    media.before(figure);
    figure.append(media);
    if (caption.trim() !== '') figure.append($('<figcaption></figcaption>').html(caption));
    next.remove();
  });
}
