import { dict } from '@node-rs/jieba/dict.js';
import type { Item, OutletId } from '../src/types.js';
import { seededRandom } from './random.js';

/**
 * Synthetic feedx-like items for benchmarks: deterministic from a seed. Each event has its own names,
 * place, day and numbers and is reported by one to four outlets in their own order of words, at about
 * the rate the real feeds publish (the July 2020 window: 401 items in 72 hours).
 */

const OUTLETS: readonly OutletId[] = ['nytimes', 'rfi', 'voa', 'dw', 'xinjingbao'];
const ITEMS_PER_HOUR = 5.5;
const START = Date.UTC(2020, 6, 22);

/** Common two- and three-character words of jieba's dictionary: the everyday vocabulary of the prose. */
function vocabulary(): string[] {
  const words: string[] = [];
  for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
    const [word, frequency] = line.split(' ');
    if (word && /^\p{Script=Han}{2,3}$/u.test(word) && Number(frequency) > 2000) words.push(word);
  }
  return words;
}

const HAN_NAME_CHARACTERS = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const PLACE_SUFFIXES = ['市', '县', '省', '州', '港'];

export function generateItems(count: number, seed = 1): Item[] {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const words = vocabulary();
  const name = (): string => pick([...HAN_NAME_CHARACTERS]) + pick([...HAN_NAME_CHARACTERS]) + pick([...HAN_NAME_CHARACTERS]);
  const items: Item[] = [];
  let event = 0;
  while (items.length < count) {
    const people = [name(), name()];
    const place = pick(words).slice(0, 2) + pick(PLACE_SUFFIXES);
    const topicWords = Array.from({ length: 12 }, () => pick(words));
    const time = START + (items.length / ITEMS_PER_HOUR) * 3_600_000;
    const day = new Date(time);
    const facts = [`${day.getUTCMonth() + 1}月${day.getUTCDate()}日`, `${Math.floor(next() * 900) + 10}人`, place, ...people];
    const reports = Math.min(count - items.length, 1 + Math.floor(next() * next() * 4));
    for (let r = 0; r < reports; r++) {
      const outlet = OUTLETS[(event + r) % OUTLETS.length]!;
      const sentence = (): string =>
        Array.from({ length: 10 }, () => (next() < 0.35 ? pick(topicWords) : next() < 0.15 ? pick(facts) : pick(words))).join('');
      const title = [pick(facts), pick(topicWords), pick(topicWords), pick(words), pick(facts)].join('');
      const text = Array.from({ length: 8 }, sentence).join('。');
      const id = `urn:huiliu:item:bench-${event}-${r}`;
      items.push({
        id,
        sourceId: outlet,
        outlet,
        channel: outlet,
        link: `https://example.org/${outlet}/${event}-${r}`,
        title,
        contentHtml: `<p>${text}</p>`,
        text,
        published: new Date(time + r * next() * 6 * 3_600_000),
      });
    }
    event++;
  }
  return items;
}
