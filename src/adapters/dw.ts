import { figureFromSmallCaption } from './figures.js';
import { countChildren, liftDateLine, linesOf, tidyAuthor } from './lift.js';
import type { Adapter, LiftedMetadata } from './types.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * DW's byline line carries more than names: a `null ` left by its template when the first field is
 * empty, a role (`采访记者：`) and a note on how the piece was made (`（综合报道）`, `摘编`).
 */
function dwAuthor(line: string): string | undefined {
  const names = line
    .replace(/^null\s*/, '')
    .replace(/^[\u4e00-\u9fa5]{1,6}[：:]\s*/, '')
    .replace(/\s*[（(][^）)]*[）)]\s*$/, '')
    .replace(/\s*(综合报[道导]|摘编|摘译|编译)$/, '');
  return tidyAuthor(names);
}

/** DW Chinese (dw.com/zh): `<div><i>AUTHOR<br>ISO instant</i></div>` date line, © notice, promos, captions. */
export const dw: Adapter = {
  id: 'dw',
  outlet: 'dw',
  name: '德国之声',
  homepage: 'https://www.dw.com/zh/',
  hosts: ['dw.com', 'dw.de'],
  timezone: 'UTC',
  rules: {
    drop: {
      'images without a source': 'img[src=""], img:not([src])',
    },
    unwrap: {},
    dropBlocks: {
      'Instagram promo': /^DW中文有\s*Instagram/i,
      'podcast promo': /^欢迎订阅德国之声.{0,20}播客/,
      'podcast feed links': /^(Feed-URL|iTunes)\s*[:：]?$|^https?:\/\/(rss\.dw\.com\/xml\/podcast_|itunes\.apple\.com\/\S*podcast)\S*$/i,
    },
    cutText: {
      // In every spelling seen: 著/着作权法 (a conversion slip), ©, ©️ or @, simplified or traditional, with or without 。.
      'copyright notice': /(?:[©@]\uFE0F?\s*)?(?:\d{4}\s*年?\s*)?德[国國]之[声聲]版[权權][声聲]明[：:]?.*?(?:刑事追究。?|$)/s,
      'opinion disclaimer':
        /(?:德[国國]之[声聲]致力于为您提供客观中立的新闻报[道导]，以及展现多种角度的评论分析。\s*)?(?:文中|本文)评论及分析仅代表作者或专家个人立场。?/,
    },
    titleSuffixes: [/\s*\|\s*DW\s*\|.*$/],
  },
  lift(root): LiftedMetadata {
    return liftDateLine(root, ['div'], (block) => {
      if (countChildren(block, 'i') !== 1) return undefined;
      const lines = linesOf(block);
      const last = lines.at(-1);
      if (last === undefined || !ISO_INSTANT.test(last)) return undefined;
      return { published: new Date(last), author: dwAuthor(lines.slice(0, -1).join(',')) };
    });
  },
  rewrites: { 'captioned images into figures': figureFromSmallCaption },
};
