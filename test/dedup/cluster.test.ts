import { describe, expect, it } from 'vitest';
import { averageLinkClusters } from '../../src/dedup/cluster.js';

/** Scores given as a table: unlisted pairs score 0. */
function table(entries: Array<[number, number, number]>): (a: number, b: number) => number {
  const map = new Map(entries.map(([a, b, s]) => [`${Math.min(a, b)}-${Math.max(a, b)}`, s]));
  return (a, b) => map.get(`${Math.min(a, b)}-${Math.max(a, b)}`) ?? 0;
}

describe('averageLinkClusters', () => {
  it('does not chain two stories through one item similar to both', () => {
    // 0–1 is one story, 3–4 another; item 2 is a bridge similar to 1 and 3.
    const score = table([[0, 1, 0.9], [3, 4, 0.9], [1, 2, 0.6], [2, 3, 0.6]]);
    const pairs = [[0, 1], [3, 4], [1, 2], [2, 3]].map(([a, b]) => ({ a: a!, b: b!, score: score(a!, b!) }));
    const clusters = averageLinkClusters(5, pairs, { threshold: 0.5, score, issuedOf: () => undefined });
    expect(clusters).toEqual([[0, 1], [2], [3, 4]]);
  });

  it('joins an item similar to most members of a story', () => {
    const score = table([[0, 1, 0.9], [0, 2, 0.6], [1, 2, 0.5]]);
    const pairs = [{ a: 0, b: 1, score: 0.9 }, { a: 0, b: 2, score: 0.6 }];
    expect(averageLinkClusters(3, pairs, { threshold: 0.5, score, issuedOf: () => undefined })).toEqual([[0, 1, 2]]);
  });

  it('keeps items of one issued story together and never merges two issued stories', () => {
    const issued = ['s1', 's2', 's1', undefined];
    const score = table([[0, 1, 0.9], [1, 3, 0.9], [0, 3, 0.9], [2, 3, 0.9], [0, 2, 0.1]]);
    const pairs = [{ a: 0, b: 1, score: 0.9 }, { a: 1, b: 3, score: 0.9 }];
    const clusters = averageLinkClusters(4, pairs, { threshold: 0.5, score, issuedOf: (i) => issued[i] });
    expect(clusters).toEqual([[0, 2], [1, 3]]);
  });
});
