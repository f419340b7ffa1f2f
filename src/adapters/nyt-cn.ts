import type { Adapter, LiftedMetadata } from './types.js';
import { parseLocalIso } from './dates.js';
import { figureFromSmallCaption } from './figures.js';
import { detach, elementsWhere, firstElementWhere, textOf } from '../clean/walk.js';
import { countChildren, liftDateLine, linesOf, tidyAuthor, unshout } from './lift.js';

const TIMEZONE = 'Asia/Shanghai';

/** NYT Chinese (cn.nytimes.com), as feedx republishes it. */
export const nytCn: Adapter = {
  id: 'nyt-cn',
  outlet: 'nytimes',
  name: '纽约时报中文网',
  homepage: 'https://cn.nytimes.com/',
  hosts: ['cn.nytimes.com', 'nytimes.com', 'nytimes.cn'],
  timezone: TIMEZONE,
  rules: {
    drop: {
      'Taboola widgets': '[class*="tbl-feed"], [id*="tbl-feed"], [id^="taboola"], .trc_related_container',
    },
    unwrap: { 'section wrappers': 'section' },
    dropBlocks: {
      'subscription promo': /^（欢迎.{0,80}）$/,
      'letters line': /请来信与我们分享[:：]?\s*cn\.letters@nytimes\.com。?$/,
    },
    cutText: {},
    titleSuffixes: [/\s*-\s*纽约时报中文网$/],
  },
  /** Two layouts: 2023+ `<address>` + `<time pudate>`; 2020 `<div><i>AUTHOR<br>2020-07-22 05:30:00</i></div>`. */
  lift(root): LiftedMetadata {
    const lifted: LiftedMetadata = {};
    const address = firstElementWhere(root, (el) => el.name === 'address');
    if (address) {
      lifted.author = unshout(tidyAuthor(textOf(address)));
      detach(address);
    }
    const time = firstElementWhere(root, (el) => el.name === 'time' && (el.attribs['pudate'] !== undefined || el.attribs['datetime'] !== undefined));
    if (time) {
      lifted.published = parseLocalIso(time.attribs['pudate'] ?? time.attribs['datetime'] ?? '', TIMEZONE);
      detach(time);
    }
    // The 2020 layout: `<div><i>AUTHOR<br>2020-07-22 05:30:00</i></div>`.
    const dateLine = liftDateLine(root, ['div'], (block) => {
      if (countChildren(block, 'i') !== 1) return undefined;
      const lines = linesOf(block);
      const last = lines.at(-1);
      const published = last === undefined ? undefined : parseLocalIso(last, TIMEZONE);
      return published && { published, author: unshout(tidyAuthor(lines.slice(0, -1).join(','))) };
    });
    return { published: lifted.published ?? dateLine.published, author: lifted.author ?? dateLine.author };
  },
  rewrites: {
    'captioned images into figures': figureFromSmallCaption,
    // `title="Link: https://…"` repeats the href as a tooltip; the sanitizer would keep it.
    'link tooltips': (root) => {
      const links = elementsWhere(root, (el) => el.name === 'a' && el.attribs['title']?.startsWith('Link:') === true);
      for (const link of links) delete link.attribs['title'];
      return links.length;
    },
  },
};
