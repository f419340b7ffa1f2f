/**
 * A deterministic generator of feedx-like RSS 2.0 feeds for the pipeline benchmark: the five outlets'
 * markup and dirt (date lines, span soup, promos, copyright blocks, image proxies, the feedx footer),
 * bodies of 2–6 KB of Chinese HTML, and about 15% of stories re-reported by a second outlet with its
 * sentences reordered and reworded — so dedup has real work to do.
 *
 * The same seed and size always write byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dict } from '@node-rs/jieba/dict.js';
import type { AdapterId } from '../src/adapters/registry.js';
import { seededRandom } from './random.js';

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

function shuffled<T>(random: Random, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Common news words: what every story shares, so dedup sees realistic background overlap. */
const COMMON = (
  '政府 官员 表示 周二 周三 周四 发表 声明 国际 社会 经济 发展 合作 会谈 记者 消息 人士 报道 ' +
  '当局 决定 问题 关系 美国 中国 欧洲 北京 华盛顿 外交部 发言人 总统 总理 议会 选举 政策 ' +
  '安全 地区 冲突 谈判 协议 制裁 贸易 投资 市场 企业 公司 技术 网络 疫情 病毒 疫苗 卫生 ' +
  '组织 国家 人民 民众 抗议 示威 警方 法院 判决 调查 指控 人权 自由 媒体 新闻 报告 ' +
  '数据 增长 下降 百分之 今年 去年 上月 本周 近日 目前 未来 计划 措施 影响 危机 ' +
  '支持 反对 批评 呼吁 要求 承诺 宣布 确认 否认 强调 认为 指出 称 据 将 已经 仍然 可能'
).split(' ');

/** Synonyms a second outlet uses when it retells a story in its own words. */
const SYNONYMS: Record<string, string> = {
  表示: '称', 发表: '发布', 声明: '公告', 会谈: '会晤', 消息: '信息', 人士: '知情者', 报道: '报导',
  当局: '政府部门', 决定: '决议', 问题: '议题', 谈判: '磋商', 协议: '协定', 批评: '抨击', 呼吁: '敦促',
  宣布: '公布', 强调: '重申', 指出: '说', 目前: '眼下', 近日: '日前', 未来: '今后', 措施: '举措',
};

/**
 * Each story's own words (people, places, things) are nouns from jieba's dictionary, the one dedup
 * segments with, so they survive segmentation as words; 25,000 of them keep unrelated stories apart.
 */
const NOUNS: readonly string[] = Buffer.from(dict)
  .toString('utf8')
  .split('\n')
  .map((line) => line.split(' '))
  .filter(([word, frequency, tag]) => /^[\u4e00-\u9fa5]{2,3}$/.test(word ?? '') && Number(frequency) >= 50 && tag?.startsWith('n'))
  .map(([word]) => word!);

const name = (random: Random): string => pick(random, NOUNS);

/** Five outlets publish about 300 items a day: a 72-hour dedup window holds about 900 of them. */
const STORY_SPACING_MS = 330_000;

interface Story {
  index: number;
  published: Date;
  /** People and places only this story mentions. */
  names: string[];
  sentences: string[];
  title: string;
}

function sentence(random: Random, names: readonly string[]): string {
  const words = Array.from({ length: between(random, 8, 16) }, () =>
    random() < 0.3 ? pick(random, names) : pick(random, COMMON),
  );
  return `${words.join('')}。`;
}

function makeStory(random: Random, index: number, start: number): Story {
  const names = Array.from({ length: 6 }, () => name(random));
  // Two to six KB of body: 10 to 34 sentences of 30-60 characters, plus each outlet's markup.
  const sentences = Array.from({ length: between(random, 10, 34) }, () => sentence(random, names));
  const title = `${names[0]}${pick(random, COMMON)}${names[2]}${pick(random, COMMON)}${pick(random, COMMON)}`;
  return { index, published: new Date(start + index * STORY_SPACING_MS + between(random, 0, 60_000)), names, sentences, title };
}

/** A second outlet's telling: same facts, sentences reordered, words swapped, one sentence dropped. */
function retell(random: Random, story: Story): Story {
  const [lead, ...rest] = story.sentences;
  const reworded = [lead!, ...shuffled(random, rest).slice(1)].map((s) =>
    s.replace(/表示|发表|声明|会谈|消息|人士|报道|当局|决定|问题|谈判|协议|批评|呼吁|宣布|强调|指出|目前|近日|未来|措施/g, (w) =>
      random() < 0.6 ? SYNONYMS[w]! : w,
    ),
  );
  return {
    ...story,
    published: new Date(story.published.getTime() + between(random, 20, 600) * 60_000),
    sentences: reworded,
    title: `${story.names[2]}${story.names[0]}${pick(random, COMMON)}${pick(random, COMMON)}`,
  };
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const pad = (n: number): string => String(n).padStart(2, '0');

const FEEDX_FOOTER =
  '<br><hr><div>获取更多RSS：<br><a href="https://feedx.net" style="color:orange" target="_blank">https://feedx.net</a> ' +
  '<br><a href="https://feedx.xyz" style="color:orange" target="_blank">https://feedx.xyz</a><br></div>';

interface OutletShape {
  adapter: AdapterId;
  host: string;
  feedTitle: string;
  link(story: Story, n: number): string;
  body(random: Random, story: Story, n: number): string;
  title(story: Story): string;
}

const paragraphs = (sentences: readonly string[], per: number, wrap = (s: string) => s): string[] => {
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += per) out.push(`<p>${wrap(sentences.slice(i, i + per).join(''))}</p>`);
  return out;
};

const weserv = (n: number, host: string): string => `https://images.weserv.nl/?url=${host}/img/${n}/photo_${n}.jpg`;

const OUTLETS: readonly OutletShape[] = [
  {
    adapter: 'nyt-cn',
    host: 'cn.nytimes.com',
    feedTitle: '纽约时报中文网',
    link: (s, n) => `https://cn.nytimes.com/world/2020${pad((s.index % 12) + 1)}${pad((s.index % 28) + 1)}/story-${n}/`,
    title: (s) => `${s.title} - 纽约时报中文网`,
    body(random, s, n) {
      const d = s.published.toISOString().slice(0, 19).replace('T', ' ');
      const author = `${name(random)},${name(random)}`;
      const [lead, ...rest] = paragraphs(s.sentences, 3, (t) => t.replace('。', `。<a href="https://cn.nytimes.com/a/${n}/" title="Link: 相关报道" rel="noopener" target="_blank">相关报道</a>`));
      return (
        `<div><i>${author}<br>${d}</i></div><p>（欢迎点击此处订阅NYT简报，我们会将最新内容发到您的邮箱。）</p><section>${lead}` +
        `<figure><img src="${weserv(n, 'static01.nyt.com')}"><figcaption>${s.names[1]}在现场。<cite>图片来源：路透社</cite></figcaption></figure>` +
        `${rest.join('')}</section><div class="tbl-feed-header">Taboola</div><div id="tbl-feed-${n}"><a href="/x">推荐</a></div>` +
        `<p>点击查看本文英文版。</p><p>如果您对本文有任何意见，请来信与我们分享：cn.letters@nytimes.com</p>`
      );
    },
  },
  {
    adapter: 'rfi',
    host: 'www.rfi.fr',
    feedTitle: '法国国际广播电台',
    link: (s, n) => `http://www.rfi.fr//cn/国际/2020${pad((s.index % 12) + 1)}${pad((s.index % 28) + 1)}-报道-${n}`,
    title: (s) => `${s.title} – 法国国际广播电台 - RFI`,
    body(random, s, n) {
      const p = s.published;
      const date = `${pad(p.getUTCDate())}/${pad(p.getUTCMonth() + 1)}/${p.getUTCFullYear()} - ${pad(p.getUTCHours())}:${pad(p.getUTCMinutes())}`;
      // Span soup: every sentence inside one to ten nested spans.
      const soup = (t: string): string => {
        const depth = between(random, 1, 10);
        return '<span>'.repeat(depth) + t + '</span>'.repeat(depth);
      };
      const [lead, ...rest] = s.sentences;
      return (
        `<div>${date}</div>Array<img src="https://s.rfi.fr/media/display/${n}/w:310/p:16x9/photo.JPG">` +
        `<p><strong>${lead}</strong></p><div class="t-content__body u-clearfix"><div class="m-interstitial"></div>` +
        paragraphs(rest, 2, soup).join('') +
        `<p>\u00a0</p><p>{{ scope.legend }}</p><script type="application/json">{"player":${n}}</script>` +
        `<button class="m-button"><style>.x{color:red}</style><svg viewBox="0 0 1 1"><path d="M0 0"/></svg>继续浏览后续</button>` +
        `<p class="t-copyright">© 2020 AFP</p>` +
        '<div class="o-self-promo o-self-promo--nl o-self-promo--hidden" data-selfpromo-newsletter></div>' +
        '<div class="o-self-promo o-self-promo--app o-self-promo--hidden" data-selfpromo-app></div></div>'
      );
    },
  },
  {
    adapter: 'voa',
    host: 'www.voachinese.com',
    feedTitle: '美国之音',
    link: (_s, n) => `https://www.voachinese.com/a/${7_000_000 + n}.html`,
    title: (s) => `  ${s.title} `,
    body(_random, s, n) {
      const [lead, ...rest] = paragraphs(s.sentences, 3);
      return (
        `<div><i>${s.published.toUTCString()}</i></div>${lead}` +
        `<img src="${weserv(n, 'gdb.voanews.com')}"><div><small style="color: #999;">${s.names[1]}资料照片</small></div>` +
        `<p> </p>${rest.join('<p> </p>')}<a href="/a/${7_000_000 + n}.html"></a>` +
        `<iframe src="https://www.youtube.com/embed/v${n}" frameborder="0"></iframe><p>请订阅美国之音YouTube频道。</p>`
      );
    },
  },
  {
    adapter: 'dw',
    host: 'www.dw.com',
    feedTitle: '德国之声',
    link: (_s, n) => `https://www.dw.com/zh/报道/a-${50_000_000 + n}`,
    title: (s) => s.title,
    body(random, s, n) {
      const author = random() < 0.3 ? '' : name(random);
      const [lead, ...rest] = paragraphs(s.sentences, 4);
      return (
        `<div><i>${author}<br>${s.published.toISOString()}</i></div>${lead}` +
        `<img src="${weserv(n, 'static.dw.com')}"><div><small>${s.names[3]}（资料图片）</small></div><img src="">` +
        `${rest.join('')}<p>本文评论及分析仅代表作者或专家个人立场。</p><p>关注德国之声Instagram账号。</p>` +
        `<p><em>© 2020年德国之声版权声明：</em><em>本文所有内容受到着作权法保护，如无德国之声特别授权，不得擅自使用。任何不当行为都将导致追偿，并受到刑事追究。</em></p>`
      );
    },
  },
  {
    adapter: 'xinjingbao',
    host: 'www.bjnews.com.cn',
    feedTitle: '新京报',
    link: (_s, n) => `https://www.bjnews.com.cn/detail/${160_000_000 + n}.html`,
    title: (s) => `${s.title}_新京报`,
    body(random, s) {
      return (
        `<p>新京报讯 ${s.sentences.join('')}</p>` +
        `<p>编辑 ${name(random)} 校对 ${name(random)}|我也说两句||版权声明：1.依据《服务条款》，本网页发布的原创作品，版权归发布者所有。</p>`
      );
    },
  },
];

export interface GeneratedFeeds {
  dir: string;
  /** The huiliu config written beside the feeds: one `path` source per feed file. */
  configFile: string;
  items: number;
  files: number;
  xmlBytes: number;
}

/** Items per feed file, about what one feedx feed serves: many sources, as users with hundreds have. */
export const ITEMS_PER_FEED = 100;

/**
 * Writes `items` items as RSS 2.0 files into `dir` (CDATA bodies in odd files, entity-escaped bodies in
 * even ones, as feedx serves both) and a config listing them as sources, with the store in `dir`.
 */
export function generateFeeds(dir: string, items: number, seed = 7): GeneratedFeeds {
  const random = seededRandom(seed);
  const start = Date.UTC(2020, 6, 1);
  mkdirSync(path.join(dir, 'feeds'), { recursive: true });
  // About 15% of stories get a second report from another outlet: n items ≈ stories × 1.15.
  const perOutlet: string[][] = OUTLETS.map(() => []);
  let written = 0;
  let storyIndex = 0;
  while (written < items) {
    const story = makeStory(random, storyIndex++, start);
    const first = storyIndex % OUTLETS.length;
    const tellings: Array<[number, Story]> = [[first, story]];
    if (random() < 0.15 && written + 1 < items) tellings.push([(first + between(random, 1, 4)) % OUTLETS.length, retell(random, story)]);
    for (const [o, telling] of tellings) {
      const outlet = OUTLETS[o]!;
      const n = written++;
      let body = outlet.body(random, telling, n);
      if (random() < 0.2) body += FEEDX_FOOTER;
      const description = o % 2 === 0 ? `<![CDATA[${body}]]>` : escapeXml(body);
      perOutlet[o]!.push(
        `<item><title>${escapeXml(outlet.title(telling))}</title><link>${escapeXml(outlet.link(telling, n))}</link>` +
          `<pubDate>${telling.published.toUTCString()}</pubDate><description>${description}</description></item>`,
      );
    }
  }
  const sources: Array<{ id: string; adapter: AdapterId; path: string }> = [];
  let xmlBytes = 0;
  OUTLETS.forEach((outlet, o) => {
    const list = perOutlet[o]!;
    for (let f = 0; f * ITEMS_PER_FEED < list.length; f++) {
      const id = `${outlet.adapter}-${String(f).padStart(4, '0')}`;
      const xml =
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${outlet.feedTitle}</title>` +
        `<link>https://${outlet.host}/</link><description>feedx</description>` +
        `${list.slice(f * ITEMS_PER_FEED, (f + 1) * ITEMS_PER_FEED).join('\n')}</channel></rss>\n`;
      const file = path.join('feeds', `${id}.xml`);
      writeFileSync(path.join(dir, file), xml);
      xmlBytes += Buffer.byteLength(xml);
      sources.push({ id, adapter: outlet.adapter, path: file });
    }
  });
  const configFile = path.join(dir, 'huiliu.json');
  writeFileSync(configFile, JSON.stringify({ title: 'huiliu bench', sources, store: 'store.sqlite' }, null, 1));
  return { dir, configFile, items: written, files: sources.length, xmlBytes };
}
