import { leadingBlocks, linesOf, tidyAuthor } from './lift.js';
import { figureFromSmallCaption } from './figures.js';
import type { Adapter, LiftedMetadata } from './types.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** DW Chinese (dw.com/zh): `<div><i>AUTHOR<br>ISO instant</i></div>` date line, © block, captions. */
export const dw: Adapter = {
  id: 'dw',
  outlet: 'dw',
  name: '德国之声',
  homepage: 'https://www.dw.com/zh/',
  hosts: ['dw.com', 'dw.de'],
  timezone: 'UTC',
  rules: {
    drop: ['script', 'style', 'img[src=""]'],
    unwrap: [],
    dropBlocksMatching: [
      // The copyright notice, in every spelling seen (著/着作权法, with or without the final 。).
      /^©\s*\d{4}\s*年?德国之声版权声明/,
      /^本文评论及分析仅代表作者或专家个人立场/,
    ],
    titleSuffixes: [/\s*\|\s*DW\s*\|.*$/],
  },
  lift($): LiftedMetadata {
    const lifted: LiftedMetadata = {};
    leadingBlocks($)
      .filter('div')
      .each((_, el) => {
        const block = $(el);
        if (lifted.published || block.children('i').length !== 1) return;
        const lines = linesOf($, block);
        const last = lines.at(-1);
        if (last === undefined || !ISO_INSTANT.test(last)) return;
        lifted.published = new Date(last);
        lifted.author = tidyAuthor(lines.slice(0, -1).join(','));
        block.remove();
      });
    return lifted;
  },
  rewrite: figureFromSmallCaption,
};
