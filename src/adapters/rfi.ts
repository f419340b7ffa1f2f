import { Element, type Document } from 'domhandler';
import { zonedTime } from './dates.js';
import { $ } from '../clean/cheerio.js';
import { detach, elementsWhere, textOf } from '../clean/walk.js';
import { liftDateLine } from './lift.js';
import type { Adapter, LiftedMetadata } from './types.js';

const TIMEZONE = 'Europe/Paris';
const DATE_LINE = /^(\d{2})\/(\d{2})\/(\d{4})\s*-\s*(\d{2}):(\d{2})$/;

/**
 * RFI's video block is a Vue component (`<youtube-player source="https://www.youtube.com/embed/…">`)
 * that no reader runs; the video it names becomes an embed the sanitizer allows, with its title as caption.
 */
function videoPlayersToEmbeds(root: Document): number {
  // Found without a selector scan: most items have none, and a scan per item costs more than this walk.
  const players = elementsWhere(root, (el) => el.name === 'youtube-player' && el.attribs['source'] !== undefined);
  if (players.length === 0) return 0;
  // Cheerio over the same nodes (no parsing), for the rare item that has players.
  let made = 0;
  $(players).each((_, el) => {
    const source = $(el).attr('source')!;
    const block = $(el).closest('[data-wrapper-video-player]');
    const title = block.find('.m-em-video__title').first().text().trim();
    const figure = $(new Element('figure', {})).append($(new Element('iframe', { src: source })));
    if (title !== '') figure.append($(new Element('figcaption', {})).text(title));
    (block.length ? block : $(el)).replaceWith(figure);
    made++;
  });
  return made;
}

/**
 * Lazy-loaded images carry a 1×1 `data:` GIF as `src` and the real picture as JSON in
 * `data-image-dataset` (`{url, filename, ratio}`); the picture's URL is built the way RFI's own
 * `<noscript>` fallback writes it: `{url}w:310/{ratio}/{filename}`, or `{url}{filename}` for an
 * image shown in its original format (ratio null).
 */
function lazyImagesToSources(root: Document): number {
  let made = 0;
  for (const el of elementsWhere(root, (e) => e.name === 'img' && e.attribs['data-image-dataset'] !== undefined)) {
    let dataset: { url?: unknown; filename?: unknown; ratio?: unknown };
    try {
      dataset = JSON.parse(el.attribs['data-image-dataset']!) as typeof dataset;
    } catch {
      continue;
    }
    const { url, filename, ratio } = dataset;
    if (typeof url !== 'string' || typeof filename !== 'string') continue;
    el.attribs['src'] = typeof ratio === 'string' ? `${url}w:310/${ratio}/${filename}` : `${url}${filename}`;
    made++;
  }
  return made;
}

/** RFI Chinese (rfi.fr/cn): span soup, promo placeholders, a DD/MM/YYYY date line in Paris time. */
export const rfi: Adapter = {
  id: 'rfi',
  outlet: 'rfi',
  name: '法国国际广播电台',
  homepage: 'https://www.rfi.fr/cn/',
  hosts: ['rfi.fr'],
  timezone: TIMEZONE,
  rules: {
    drop: {
      'self-promo placeholders': '.o-self-promo, [data-selfpromo-newsletter], [data-selfpromo-app]',
      'interstitials': '.m-interstitial',
      'photo copyright lines': '.t-copyright',
      // RFI's share-card logo, pasted where an article has no photo of its own.
      'logo placeholder image': 'img[src*="/meta_og_twcards/"]',
    },
    unwrap: {
      'span soup': 'span',
      'body wrapper': 'div.t-content__body',
    },
    dropBlocks: {
      '"continue reading" button': /^继续浏览后续$/,
      // `<strong><a>其它</a> / <a>another article</a></strong>`: a link to read something else.
      'read-also links': /^(其它|之前相关报道)\s*\/\s*\S.*$/,
    },
    cutText: {
      // Unrendered Vue placeholders (`{{ scope.legend }}`) left in captions and players.
      'Vue templates': /\{\{[^{}]*\}\}/,
      // The label of the share buttons (2023+ layout), left alone once their icons are gone.
      'share label': /^\s*分享\s+:\s*$/,
    },
    titleSuffixes: [/\s*[–-]\s*法国国际广播电台\s*-\s*RFI\s*$/],
  },
  lift(root): LiftedMetadata {
    return liftDateLine(root, ['div', 'p'], (block) => {
      const m = DATE_LINE.exec(textOf(block).trim());
      if (!m) return undefined;
      // A stray `Array` text node sometimes follows the date line (a PHP serialisation slip upstream).
      const next = block.next;
      if (next?.type === 'text' && next.data.trim() === 'Array') detach(next);
      return { published: zonedTime(TIMEZONE, +m[3]!, +m[2]!, +m[1]!, +m[4]!, +m[5]!) };
    });
  },
  rewrites: {
    'video players into embeds': videoPlayersToEmbeds,
    'lazy-loaded images': lazyImagesToSources,
  },
};
