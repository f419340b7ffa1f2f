import { describe, expect, it } from 'vitest';
import { documentRecipes, excerpt } from '../../src/emit/documents.js';
import { sampleStories } from '../helpers/stories.js';

describe('excerpt', () => {
  it('keeps short text whole, cuts long text after a sentence, or with an ellipsis', () => {
    expect(excerpt('短句。')).toBe('短句。');
    expect(excerpt(`${'甲'.repeat(100)}。${'乙'.repeat(100)}`)).toBe(`${'甲'.repeat(100)}。`);
    expect(excerpt('丙'.repeat(300))).toBe(`${'丙'.repeat(160)}…`);
  });
});

describe('documentRecipes', () => {
  it('makes the merged feed first, then one feed per channel, each knowing its outlet\'s site', () => {
    const { items, stories } = sampleStories();
    const docs = [...documentRecipes(stories, items, { title: 't', now: new Date('2021-05-01T00:00:00Z') })].map((recipe) => recipe.make((item) => item));
    expect(docs.map((d) => [d.name, d.site, d.entries.length])).toEqual([
      ['merged', undefined, 2],
      ['dw', 'https://www.dw.com/zh/', 1],
      ['rfi', 'https://www.rfi.fr/cn/', 1],
      ['voa', 'https://www.voachinese.com/', 1],
      ['xinjingbao', expect.stringMatching(/^https:\/\//), 1],
    ]);
    expect(docs[0]!.updated).toEqual(new Date('2021-04-15T15:00:00Z'));
  });

  it('asks for an article only when the document that holds it is made', () => {
    const { items, stories } = sampleStories();
    const asked: string[] = [];
    const contentOf = (item: (typeof items)[number]) => {
      asked.push(item.id);
      return item;
    };
    const recipes = [...documentRecipes(stories, items, { title: 't', now: new Date('2021-05-01T00:00:00Z') })];
    expect(recipes.map((recipe) => recipe.name)).toEqual(['merged', 'dw', 'rfi', 'voa', 'xinjingbao']);
    expect(asked).toEqual([]);
    expect(recipes[0]!.make(contentOf).name).toBe('merged');
    // The merged feed reads its representatives' articles (VOA's story, RFI's), nothing else.
    expect(asked.sort()).toEqual(['urn:huiliu:item:rfi1', 'urn:huiliu:item:voa1']);
    asked.length = 0;
    expect(recipes[1]!.make(contentOf).name).toBe('dw');
    expect(asked).toEqual(['urn:huiliu:item:dw1']);
  });
});
