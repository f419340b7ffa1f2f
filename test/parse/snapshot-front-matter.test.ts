import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/parse/snapshot.js';

/** A post as the waimei news-mirror bot writes it (see ../shared/real-feeds/SOURCES.md). */
const FRONT = `---
layout: post
title: "中国加快武统步骤，台外长呼吁国际支持"
date: 2020-07-22T13:41:22.000Z
author: 美国之音
from: https://www.voachinese.com/a/taiwan-20200722/5512770.html
tags: [ 美国之音 ]
---
`;
const BODY = '<div><i>Wed, 22 Jul 2020 12:25:37 GMT</i></div><p>台湾外交部长吴钊燮星期三表示。</p>';

describe('parseSnapshot: documents as the mirror bots write them', () => {
  it('reads the header after a front matter block and unwraps the bot\'s <div> line pair', () => {
    const raw = parseSnapshot(`${FRONT}<!--1595425282000-->\n[中国加快武统步骤](https://www.voachinese.com/a/x/1.html)\n------\n\n<div>\n${BODY}\n</div>\n`, 's');
    expect(raw.title).toBe('中国加快武统步骤');
    expect(raw.link).toBe('https://www.voachinese.com/a/x/1.html');
    expect(raw.published?.getTime()).toBe(1595425282000);
    expect(raw.body).toBe(BODY);
    expect(raw.bodyFormat).toBe('html');
  });

  it('fills what the header lacks from the front matter, but never takes its author (the bot\'s outlet label)', () => {
    const raw = parseSnapshot(`${FRONT}<!--1595425282000-->\n------\n\n${BODY}\n`, 's');
    expect(raw.title).toBe('中国加快武统步骤，台外长呼吁国际支持');
    expect(raw.link).toBe('https://www.voachinese.com/a/taiwan-20200722/5512770.html');
    expect(raw.author).toBeUndefined();
  });

  it('takes title, link and date from the front matter when there is no header at all', () => {
    const raw = parseSnapshot(`${FRONT}<div>\n${BODY}\n</div>`, 's');
    expect(raw.title).toBe('中国加快武统步骤，台外长呼吁国际支持');
    expect(raw.published?.toISOString()).toBe('2020-07-22T13:41:22.000Z');
    expect(raw.body).toBe(BODY);
  });

  it('leaves a body that merely starts with a <div> alone', () => {
    const raw = parseSnapshot(`<!--1595425282000-->\n[t](https://www.dw.com/zh/a-1)\n------\n\n${BODY}`, 's');
    expect(raw.body).toBe(BODY);
  });
});
