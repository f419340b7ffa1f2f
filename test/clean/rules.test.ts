import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { CleaningRules } from '../../src/adapters/types.js';
import { applyRules, countFired, type FiredRules, type RuleHits } from '../../src/clean/rules.js';

const NONE: CleaningRules = { drop: {}, unwrap: {}, dropBlocks: {}, cutText: {}, titleSuffixes: [] };

function run(html: string, rules: Partial<CleaningRules>): { html: string; fired: FiredRules } {
  const $ = load(html, null, false);
  const fired: FiredRules = new Set();
  applyRules($.root()[0]!, { ...NONE, ...rules }, 'x: ', fired);
  return { html: $.html(), fired };
}

describe('applyRules', () => {
  it('drops elements with their content', () => {
    expect(run('<p>文</p><div class="promo"><p>广告</p></div>', { drop: { promos: '.promo' } })).toEqual({
      html: '<p>文</p>',
      fired: new Set(['x: promos']),
    });
  });

  it('unwraps ten nested spans in one pass', () => {
    const nested = `${'<span>'.repeat(10)}句子。${'</span>'.repeat(10)}`;
    expect(run(`<p>${nested}</p>`, { unwrap: { 'span soup': 'span' } }).html).toBe('<p>句子。</p>');
  });

  it('drops a block only when its whole text matches', () => {
    const rules = { dropBlocks: { disclaimer: /^本文仅代表作者立场。$/ } };
    expect(run('<p>本文仅代表作者立场。</p><p>他说本文仅代表作者立场。</p>', rules).html).toBe('<p>他说本文仅代表作者立场。</p>');
  });

  it('cuts text that inline markup splits, and only that text', () => {
    const html = '<p>正文最后一句。<em>© 2020</em><em>年</em><em>版权声明：不得转载。</em></p>';
    expect(run(html, { cutText: { notice: /©\s*\d{4}\s*年\s*版权声明：[^。]*。/ } }).html).toBe('<p>正文最后一句。<em></em><em></em><em></em></p>');
  });

  it('never cuts across two blocks', () => {
    const html = '<p>甲乙</p><p>丙丁</p>';
    expect(run(html, { cutText: { across: /乙丙/ } })).toEqual({ html, fired: new Set() });
  });

  it('counts items, not elements: three promos in one item count once', () => {
    const hits: RuleHits = {};
    countFired(hits, run('<i class="p">1</i><i class="p">2</i><i class="p">3</i>', { drop: { promos: '.p' } }).fired);
    countFired(hits, run('<i class="p">1</i>', { drop: { promos: '.p' } }).fired);
    expect(hits).toEqual({ 'x: promos': 2 });
  });
});
