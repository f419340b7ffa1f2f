import { escapeText } from '../clean/text.js';
import type { Adapter } from './types.js';

/** The reprint site's comment widget and copyright notice: everything from here on is not the article. */
const REPRINT_TAIL = /\|?\s*我也说两句\s*\|[\s\S]*$|版权声明：\s*1\.依据《服务条款》[\s\S]*$/;
/** `编辑 张磊 校对 卢茜` at the very end: the article's credits, kept as a byline paragraph. */
const CREDITS = /(编辑\s*[\u4e00-\u9fa5·]{2,8}(?:\s*校对\s*[\u4e00-\u9fa5·]{2,8})?)\s*$/;
/** A photo caption ends with its credit: `…约翰·克里。/IC photo`, `/威尔逊中心官网`, `/新京报记者 王飞 摄`. */
const PHOTO_CREDIT = /\/(?:IC photo|视觉中国|新华社|[\u4e00-\u9fa5]{2,10}官网|新京报记者[^。/]{0,10}摄)/g;
const ENDS_WITH_CREDIT = new RegExp(`(?:${PHOTO_CREDIT.source})$`);
const SENTENCE_END = /[。？！?!」”]$/;
/** A heading that ran into the next turn: short, no sentence punctuation (a comma may join two halves). */
const HEADING = /^[^。？！：；、]{4,24}$/;

/** Speakers of an interview: `NAME：` turns that occur at least twice, plus the paper's own `新京报：`. */
function speakersIn(text: string): string[] {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/(?<=[。？！?!\s]|^|[a-z）)])([\u4e00-\u9fa5]{2,4})：/g)) {
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  const speakers = [...counts].filter(([, n]) => n >= 2).map(([name]) => name);
  return [...new Set(['新京报', ...speakers])];
}

/** Splits one line of run-together text back into paragraphs. */
export function paragraphsOf(text: string): string[] {
  // `新京报讯（记者 …）` opens the article as the paper printed it, and stays.
  let body = text.trim();
  const speakers = speakersIn(body);
  const turn = new RegExp(`(?=(?:${speakers.join('|')})：)`, 'g');
  body = body.replace(PHOTO_CREDIT, (credit) => `${credit}\n`).replace(turn, '\n');
  const paragraphs: string[] = [];
  for (const chunk of body.split('\n').map((c) => c.trim()).filter((c) => c !== '')) {
    // A photo caption is the last sentence before its credit: it becomes a paragraph of its own.
    if (ENDS_WITH_CREDIT.test(chunk)) {
      const credit = ENDS_WITH_CREDIT.exec(chunk)![0];
      const sentences = chunk.slice(0, -credit.length);
      const captionStart = Math.max(...['。', '？', '！'].map((end) => sentences.slice(0, -1).lastIndexOf(end))) + 1;
      if (captionStart > 0) paragraphs.push(sentences.slice(0, captionStart));
      paragraphs.push(sentences.slice(captionStart) + credit);
      continue;
    }
    // A section heading sits between the last sentence and the next turn.
    const lastEnd = Math.max(chunk.lastIndexOf('。'), chunk.lastIndexOf('？'), chunk.lastIndexOf('！'));
    const tail = chunk.slice(lastEnd + 1);
    if (lastEnd >= 0 && !SENTENCE_END.test(chunk) && HEADING.test(tail)) {
      paragraphs.push(chunk.slice(0, lastEnd + 1), tail);
    } else {
      paragraphs.push(chunk);
    }
  }
  return paragraphs;
}

/** Xinjingbao (新京报), reprinted as plain text on one line by a third-party site. */
export const xinjingbao: Adapter = {
  id: 'xinjingbao',
  outlet: 'xinjingbao',
  name: '新京报',
  homepage: 'https://www.bjnews.com.cn/',
  hosts: ['bjnews.com.cn'],
  timezone: 'Asia/Shanghai',
  rules: {
    drop: {},
    unwrap: {},
    dropBlocks: {
      'comment widget': /^\|?\s*我也说两句/,
      'reprint copyright notice': /^版权声明：/,
    },
    cutText: {},
    titleSuffixes: [/\s*[-_|]\s*新京报.*$/],
  },
  recognisesText: (text) => /^\s*(<p>)?\s*新京报讯/.test(text),
  textToHtml(text) {
    const withoutTail = text.replace(REPRINT_TAIL, '').trim();
    const credits = CREDITS.exec(withoutTail);
    const article = credits ? withoutTail.slice(0, credits.index).trim() : withoutTail;
    const html = paragraphsOf(article).map((p) => `<p>${escapeText(p)}</p>`);
    if (credits) html.push(`<p class="byline">${escapeText(credits[1]!.replace(/\s+/g, ' '))}</p>`);
    return html.join('');
  },
  deriveTitle(text) {
    const lead = text.replace(/^\s*新京报讯\s*(（[^）]*）)?\s*/, '');
    const sentence = lead.split(/[。！？]/, 1)[0] ?? lead;
    return sentence.length > 40 ? `${sentence.slice(0, 40)}…` : sentence;
  },
};
