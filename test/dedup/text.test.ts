import { describe, expect, it } from 'vitest';
import { mentionedDays, terms } from '../../src/dedup/text.js';

describe('terms', () => {
  it('folds traditional script and name variants so outlets share words', () => {
    expect(terms('川普稱北韓試射飛彈').words).toEqual(expect.arrayContaining(['特朗普', '朝鲜', '导弹']));
  });

  it('keeps names, places and numbers with their units as salient tokens', () => {
    const { salient } = terms('美国总统特使克里2021年4月14日抵达上海，访问持续72小时，6.1级地震');
    expect(salient).toEqual(expect.arrayContaining(['克里', '上海', '4月14日', '72小时', '6.1级']));
  });

  it('drops bare small numbers and the remnants jieba leaves of split dates', () => {
    const { salient } = terms('克里将于14日至17日访华，共3天');
    expect(salient).not.toContain('3');
    expect(salient).not.toContain('日至');
  });
});

describe('mentionedDays', () => {
  it('reads each named calendar day once, with or without its year', () => {
    expect(mentionedDays('2021年4月14日至4月17日，4月14日抵达，7月22号')).toEqual([
      { month: 4, day: 14 },
      { month: 4, day: 17 },
      { month: 7, day: 22 },
    ]);
  });
});
