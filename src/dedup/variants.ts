/**
 * Rules as data for comparing reports across outlets.
 *
 * NAME_VARIANTS: one name, several transliterations or regional words. Outlets disagree (NYT 2020
 * 庞皮欧 and 休斯敦, VOA 川普, AFP flashes in Taiwanese usage 北韩 and 飞弹); folding them to one form
 * lets two reports of one event share the name. Applied after folding to Simplified.
 *
 * DIGEST_TITLES: programmes and round-ups that cover several events in one item. Merging one would
 * bridge unrelated stories, so a digest is never merged (it stays its own entry).
 */

export const NAME_VARIANTS: ReadonlyArray<readonly [variant: string, canonical: string]> = [
  ['川普', '特朗普'],
  ['庞皮欧', '蓬佩奥'],
  ['庞佩奥', '蓬佩奥'],
  ['蓬皮奥', '蓬佩奥'],
  ['休斯敦', '休斯顿'],
  ['休士顿', '休斯顿'],
  ['梅克尔', '默克尔'],
  ['艾斯培', '埃斯珀'],
  ['北韩', '朝鲜'],
  ['南韩', '韩国'],
  ['飞弹', '导弹'],
  ['纽西兰', '新西兰'],
  ['义大利', '意大利'],
  ['雪梨', '悉尼'],
];

export const DIGEST_TITLES: readonly RegExp[] = [
  // NYT's daily briefing: 简报：…；…
  /^\s*(简报|新闻简报|早报|晚报|要闻|报刊摘要|媒体综述)[：:]/,
  // DW's German press review, VOA's talk shows.
  /^\s*(德语媒体|时事大家谈|焦点对话|海峡论谈)[：:]/,
  // RFI's press reviews and explainers are named by a programme suffix: "… - 法国报纸摘要".
  /[-–]\s*(法国报纸摘要|要闻解说|观察中国|媒体看中国)\s*([-–].*)?$/,
];
