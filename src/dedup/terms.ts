import { codeHash } from '../code-hash.js';
import type { Item, ItemTerms } from '../types.js';
import { daysOfFolded, decidedSalient, foldText, termsOfFolded, type MonthDay, type Terms } from './text.js';

/**
 * Dedup's words of one item: segmenting titles and leads with jieba is most of dedup's cost (about 0.3 ms
 * an item). It is done where the item is cleaned — in the worker pool, on every core, and kept with the
 * item in the clean cache and the store — and dedup reads it back here. Stored terms are used only when
 * made by this dedup code with this `leadCharacters`; otherwise they are worked out again.
 */

/** The dedup code terms are made by: stored terms made by other code are not used. */
const TERMS_CODE = codeHash([new URL('.', import.meta.url)]);

/** The words, salient tokens and named days of an item's title and lead. */
export interface ItemWords {
  title: Terms;
  lead: Terms;
  days: MonthDay[];
}

/** With `unknownWords: 'mark'`, salient tokens are left for `decidedSalient` (text.ts). */
export function itemWords(item: Pick<Item, 'title' | 'text'>, leadCharacters: number, unknownWords: 'decide' | 'mark' = 'decide'): ItemWords {
  const foldedTitle = foldText(item.title);
  const foldedLead = foldText(item.text.slice(0, leadCharacters));
  return {
    title: termsOfFolded(foldedTitle, unknownWords),
    lead: termsOfFolded(foldedLead, unknownWords),
    days: daysOfFolded(`${foldedTitle} ${foldedLead}`),
  };
}

// Words never hold a space (segmentation runs on text whose separators are spaces, and blank tokens are
// dropped), so a space-joined string is an exact and compact encoding: one string instead of a hundred.
const joined = (words: readonly string[]): string => words.join(' ');
const split = (text: string): string[] => (text === '' ? [] : text.split(' '));

/**
 * An item's words, encoded to travel between threads and to be stored. Words outside jieba's dictionary
 * are left undecided (text.ts `termsOfFolded`), so a worker never loads the general corpus's table; dedup
 * decides them as it reads the words back (`wordsOf`).
 */
export function encodeTerms(item: Pick<Item, 'title' | 'text'>, leadCharacters: number): ItemTerms {
  const { title, lead, days } = itemWords(item, leadCharacters, 'mark');
  return {
    made: `${TERMS_CODE}:${leadCharacters}`,
    titleWords: joined(title.words),
    titleSalient: joined(title.salient),
    leadWords: joined(lead.words),
    leadSalient: joined(lead.salient),
    days: days.map(({ month, day }) => `${month}-${day}`).join(' '),
  };
}

/**
 * What dedup reads of an item: a whole Item, or a build's ItemHead (types.ts), which has neither text
 * nor words: its words come from the build's shelf through a `TermsOf`, made by this code (`currentTermsOf`).
 */
export type DedupItem = Pick<Item, 'id' | 'outlet' | 'published' | 'firstSeen' | 'title'> & ({ text: string; terms?: ItemTerms } | { textLength: number });

/** Where dedup finds an item's stored words. */
export type TermsOf<T> = (item: T) => ItemTerms | undefined;

/** An item's own words: a whole Item carries them. */
export const ownTerms: TermsOf<DedupItem> = (item) => ('terms' in item ? item.terms : undefined);

const madeHere = (terms: ItemTerms | undefined, leadCharacters: number): terms is ItemTerms =>
  terms !== undefined && terms.made === `${TERMS_CODE}:${leadCharacters}`;

/**
 * Words of an item made by this dedup code: its stored words when they are, else worked out now from its
 * text, which is read only then.
 */
export function currentTermsOf(title: string, terms: ItemTerms | undefined, text: () => string, leadCharacters: number): ItemTerms {
  return madeHere(terms, leadCharacters) ? terms : encodeTerms({ title, text: text() }, leadCharacters);
}

/**
 * Words a build has already made current (`currentTermsOf`), marked as made by this code: a dedup worker
 * reads what the build sent it. (Only a test runs the two threads on different code: sources here, the
 * compiled worker there.)
 */
export function markedCurrent(terms: ItemTerms, leadCharacters: number): ItemTerms {
  return { ...terms, made: `${TERMS_CODE}:${leadCharacters}` };
}

/** The item's words: the ones made when it was cleaned when they fit, else worked out now. */
export function wordsOf(item: DedupItem, leadCharacters: number, terms: ItemTerms | undefined): ItemWords {
  if (!madeHere(terms, leadCharacters)) {
    if (!('text' in item)) throw new Error(`dedup: ${item.id} has neither current words nor its text (see currentTermsOf)`);
    return itemWords(item, leadCharacters);
  }
  return {
    title: { words: split(terms.titleWords), salient: decidedSalient(split(terms.titleSalient)) },
    lead: { words: split(terms.leadWords), salient: decidedSalient(split(terms.leadSalient)) },
    days: split(terms.days).map((day) => {
      const [month, date] = day.split('-');
      return { month: Number(month), day: Number(date) };
    }),
  };
}
