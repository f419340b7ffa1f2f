import { figureFromSmallCaption } from './figures.js';
import { textOf } from '../clean/walk.js';
import { liftDateLine } from './lift.js';
import type { Adapter, LiftedMetadata } from './types.js';

/** `Thu, 15 Apr 2021 13:23:59 GMT`: an RFC 822 date, always GMT. */
const DATE_LINE = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(:\d{2})? (GMT|UTC|[+-]\d{4})$/;

/** VOA Chinese (voachinese.com), feedx feed `mgzy1`. */
export const voa: Adapter = {
  id: 'voa',
  outlet: 'voa',
  name: '美国之音',
  homepage: 'https://www.voachinese.com/',
  hosts: ['voachinese.com', 'voanews.com', 'voacantonese.com'],
  timezone: 'UTC',
  rules: {
    drop: {},
    unwrap: {},
    dropBlocks: {
      'YouTube playlist promo': /^(《[^》]{1,20}》)?\s*(YouTube|油管)\s*播放列表[:：]/i,
      'subscription promo': /^(请)?(订阅|关注).{0,20}(YouTube|油管).{0,40}$/i,
      'talk-show schedule': /^《?[^》，。]{2,8}》?每星期.{0,30}播出.{0,12}$/,
      'separator lines': /^[=＝_—-]{5,}$/,
      'talk-show disclaimer': /^=*\s*嘉宾和观众听众发表的都是个人观点，?并不代表美国之音。?\s*=*$/,
    },
    cutText: {},
    titleSuffixes: [],
  },
  lift(root): LiftedMetadata {
    return liftDateLine(root, ['div'], (block) => {
      const text = textOf(block).trim();
      const date = DATE_LINE.test(text) ? new Date(text) : undefined;
      return date === undefined || Number.isNaN(date.getTime()) ? undefined : { published: date };
    });
  },
  rewrites: { 'captioned images into figures': figureFromSmallCaption },
};
