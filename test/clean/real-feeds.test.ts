import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptSource } from '../../src/adapters/adapt.js';
import { detectAdapter } from '../../src/adapters/registry.js';
import type { SourceConfig } from '../../src/config.js';
import { parseDocument } from '../../src/parse/index.js';
import type { Item, RawItem } from '../../src/types.js';
import { readRealDocuments, type RealDocument } from '../helpers/real-feeds.js';
import { sharedData } from '../helpers/shared-data.js';

/**
 * Every real feedx item of ../shared/real-feeds (2,480 of them, see SOURCES.md there) through the real
 * parse → adapt → clean stages, checked against what design.md says they carry.
 */

/** Strings no cleaned item may carry: feedx footer, © lines, promos, widget markup, template residue. */
const JUNK = [
  '获取更多RSS', 'feedx.net', 'feedx.xyz',
  '德国之声版权声明', '德國之聲版權聲明', '仅代表作者或专家个人立场', 'DW中文有Instagram', '古典音乐风”播客', 'rss.dw.com/xml/podcast', 'itunes.apple.com/us/podcast/id1347146553',
  '德国之声致力于为您提供客观中立的新闻报',
  'o-self-promo', 'm-interstitial', 't-copyright', '继续浏览后续', 'meta_og_twcards', '其它 / ', '之前相关报道 / ', '分享 :', '{{', 'tbl-feed', 'trc_',
  'pudate', 'cn.letters@nytimes.com', '订阅NYT简报', '新读者请点击此处订阅',
  'YouTube播放列表', '==========', '嘉宾和观众听众发表的都是个人观点', '九点播出，',
];
/** Markup that could run code or restyle the reader's page. */
const CODE = 'script, style, svg, math, iframe:not([sandbox]), object, embed, form';
/** Date lines as each outlet pastes them; none may be left in the text. */
const DATE_LINES: Array<[string, RegExp]> = [
  ['RFI', /\b\d{2}\/\d{2}\/\d{4} - \d{2}:\d{2}\b/],
  ['VOA', /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(:\d{2})? GMT\b/],
  ['DW', /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\b/],
  ['NYT', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/m],
];
/** Containers of the source that are widgets, not article, and so hold no sentence that must survive. */
const SOURCE_JUNK_CONTAINERS = '.o-self-promo, .m-interstitial, [class*="tbl-feed"], .t-copyright, script, style, svg, template, button';
const SENTENCE_MIN = 15;

const squash = (text: string): string => text.replace(/[\s\u00a0\u202f\u3000]+/g, '');

/**
 * The article sentences of the source: its `<p>` text split after sentence punctuation. Junk always ends
 * a paragraph (a © line after the last sentence, a promo), so sentences from the first junk one on are left out.
 */
function sourceSentences(body: string): string[] {
  const $ = load(body, null, false);
  $(SOURCE_JUNK_CONTAINERS).remove();
  const isJunk = (sentence: string): boolean =>
    sentence.startsWith('（欢迎') || /©|德[国國]之[声聲]版[权權]/.test(sentence) || JUNK.some((junk) => sentence.includes(squash(junk)));
  return $('p')
    .get()
    .flatMap((p) => {
      const sentences = squash($(p).text()).split(/(?<=[。！？!?])/);
      const firstJunk = sentences.findIndex(isJunk);
      return firstJunk < 0 ? sentences : sentences.slice(0, firstJunk);
    })
    .filter((sentence) => sentence.length >= SENTENCE_MIN);
}

/** The byline the body names: `<address>`, or the first line of a `<div><i>AUTHOR<br>date</i></div>` date line. */
function sourceByline(body: string): string | undefined {
  const address = /<address>([\s\S]*?)<\/address>/.exec(body)?.[1];
  const dateLine = /^\s*(?:<div>\s*)?<div><i>([^<]*?)<br>\s*\d{4}-\d{2}-\d{2}[T ]/.exec(body)?.[1];
  const byline = (address ?? dateLine ?? '').replace(/^null\b/, '').trim();
  return byline === '' ? undefined : byline;
}

const SCRIPT_URL = /^(javascript|vbscript|data):/i;

describe('cleaning every real feedx item of ../shared/real-feeds', () => {
  const dir = sharedData('real-feeds');
  let documents: RealDocument[] = [];
  let raws: RawItem[] = [];
  let items: Item[] = [];
  let unrecognised = 0;

  /** Runs `check` on every item and returns the first problems found, named by document. */
  function problems(check: (item: Item, raw: RawItem, doc: RealDocument) => string | undefined): string[] {
    const found: string[] = [];
    items.forEach((item, i) => {
      const problem = check(item, raws[i]!, documents[i]!);
      if (problem !== undefined) found.push(`${documents[i]!.name}: ${problem}`);
    });
    return found.slice(0, 10);
  }

  beforeAll(() => {
    if (!dir) return;
    documents = readRealDocuments(dir);
    raws = documents.flatMap((doc) => parseDocument(doc, 'real'));
    const source: SourceConfig = { id: 'real', path: dir };
    const adapted = adaptSource(raws, source, { images: 'keep', script: 'keep' });
    items = adapted.items;
    unrecognised = adapted.unrecognised;
  });

  it.skipIf(!dir)('reads all 2,484 documents and recognises the outlet of every item', () => {
    expect(documents).toHaveLength(2484);
    expect(unrecognised).toBe(0);
    expect(items.map((item) => item.outlet)).toEqual(documents.map((doc) => (doc.outlet === 'nytimes' ? 'nytimes' : doc.outlet)));
  });

  it.skipIf(!dir)('leaves none of the junk strings in any content or plain text', () => {
    expect(problems((item) => JUNK.find((junk) => item.contentHtml.includes(junk) || item.text.includes(junk)))).toEqual([]);
  });

  it.skipIf(!dir)('gives every item a plain text with no markup in it', () => {
    expect(problems((item) => /<\/?(a|p|div|span|img|iframe|br)[\s>/]/i.exec(item.text)?.[0])).toEqual([]);
  });

  it.skipIf(!dir)('leaves no date line in any content', () => {
    expect(problems((item) => DATE_LINES.find(([, pattern]) => pattern.test(item.text))?.[0])).toEqual([]);
  });

  it.skipIf(!dir)('emits no element, attribute or URL that can run code or style the page', () => {
    expect(
      problems((item) => {
        const $ = load(item.contentHtml, null, false);
        if ($(CODE).length > 0) return `element ${$(CODE).first().prop('tagName')}`;
        for (const el of $('*').get() as Element[]) {
          for (const [name, value] of Object.entries(el.attribs)) {
            if (/^on/i.test(name) || name === 'style') return `attribute ${name}`;
            if (['href', 'src', 'poster', 'cite'].includes(name) && SCRIPT_URL.test(value.replace(/[\s\u0000-\u001f]+/g, ''))) {
              return `${name}=${value}`;
            }
          }
        }
        return undefined;
      }),
    ).toEqual([]);
  });

  it.skipIf(!dir)('gives every item a trimmed title, decoded exactly once, without the site suffix', () => {
    expect(
      problems((item) => {
        if (item.title === '' || item.title !== item.title.trim()) return `title ${JSON.stringify(item.title)}`;
        if (/&(#\d+|#x[\da-f]+|[a-z]+);/i.test(item.title)) return `undecoded entity in ${item.title}`;
        if (/法国国际广播电台\s*-\s*RFI$/.test(item.title)) return `site suffix in ${item.title}`;
        return undefined;
      }),
    ).toEqual([]);
  });

  it.skipIf(!dir)('publishes every item at the time of its <!--ms--> header', () => {
    expect(
      problems((item, _raw, doc) => {
        const epoch = Number(/<!--(\d+)-->/.exec(doc.text)?.[1]);
        return item.published?.getTime() === epoch ? undefined : `published ${item.published?.toISOString()}, header ${epoch}`;
      }),
    ).toEqual([]);
  });

  it.skipIf(!dir)('reads every date line in its outlet\'s zone: never after the feed\'s date, at most a week before', () => {
    // The bot's feed date is when feedx picked the item up, minutes to hours after the outlet's own
    // time, or days later when DW re-posts an article under a new link; a date line read in the
    // wrong zone lands after it (NYT read as UTC: eight hours).
    const A_WEEK = 7 * 24 * 3600 * 1000;
    let lifted = 0;
    const found = problems((_item, raw) => {
      const date = detectAdapter(raw.link, raw.body)?.lift?.(load(raw.body, null, false).root()[0]!).published;
      if (date === undefined || raw.published === undefined) return undefined;
      lifted++;
      const lag = raw.published.getTime() - date.getTime();
      return lag >= -60_000 && lag <= A_WEEK ? undefined : `date line ${date.toISOString()}, feed ${raw.published.toISOString()}`;
    });
    expect(found).toEqual([]);
    expect(lifted).toBeGreaterThan(2000);
  });

  it.skipIf(!dir)('lifts the author wherever the body names one', () => {
    expect(
      problems((item, raw) => {
        const byline = sourceByline(raw.body);
        if (byline === undefined) return undefined;
        const first = item.author?.split(', ')[0];
        if (first === undefined) return `no author; body names ${byline}`;
        return squash(byline.toLowerCase()).includes(squash(first.toLowerCase())) ? undefined : `author ${item.author} for ${byline}`;
      }),
    ).toEqual([]);
  });

  it.skipIf(!dir)('keeps every article sentence of 15 or more characters', () => {
    expect(
      problems((item, raw) => {
        const text = squash(item.text);
        return sourceSentences(raw.body).find((sentence) => !text.includes(sentence));
      }),
    ).toEqual([]);
  });
});
