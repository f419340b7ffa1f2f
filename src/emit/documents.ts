import { adapterForOutlet } from '../adapters/registry.js';
import { escapeText } from '../clean/text.js';
import type { ItemContent, ItemMeta, Story } from '../types.js';
import type { EntryLink, FeedDocument, FeedEntry } from './model.js';

/**
 * Stories and items become format-neutral feed documents here; feeds.ts writes them in each format.
 * Items may be whole Items or a build's heads: an item's article is asked of `contentOf` only when its
 * feed is made, so a build reads its articles back one feed at a time.
 */
export type ContentOf<T> = (item: T) => ItemContent;

export interface DocumentOptions {
  title: string;
  subtitle?: string;
  /** When nothing carries a date, feeds still need an `updated`. */
  now: Date;
  /** The merged feed (and index.html) holds the newest this many stories; all of them when absent. */
  maxStories?: number;
}

/** The newest stories, as many as the merged feed holds. */
export function newestStories<T>(stories: ReadonlyArray<Story<T>>, maxStories: number | undefined): Array<Story<T>> {
  return [...stories].sort(newestFirst).slice(0, maxStories);
}

export const outletName = (item: Pick<ItemMeta, 'outlet'>): string => adapterForOutlet(item.outlet).name;

/** `2021-04-15 13:23 UTC`: a plain, unambiguous time for the "also reported by" list. */
function shortTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function categoriesOf(items: ReadonlyArray<Pick<ItemMeta, 'outlet'>>): FeedEntry['categories'] {
  const outlets = [...new Set(items.map((it) => it.outlet))];
  return outlets.map((outlet) => ({ term: outlet, label: adapterForOutlet(outlet).name }));
}

/** The visible list of the other reports, under the representative's article. */
function alsoReportedBy(others: readonly ItemMeta[]): string {
  if (others.length === 0) return '';
  const rows = others.map((item) => {
    const name = escapeText(outletName(item));
    const label = item.link ? `<a href="${escapeText(item.link)}">${name}</a>` : name;
    const title = escapeText(item.title);
    const when = item.published ? ` · ${shortTime(item.published)}` : '';
    return `<li>${label}：${title}${when}</li>`;
  });
  return `<hr><p><strong>也见于 · Also reported by</strong></p><ul>${rows.join('')}</ul>`;
}

/** The opening of an article as plain text, cut after a sentence where one ends early enough. */
export function excerpt(text: string, limit = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const head = flat.slice(0, limit);
  const sentenceEnd = Math.max(...['。', '！', '？', '. '].map((mark) => head.lastIndexOf(mark)));
  return sentenceEnd >= limit / 2 ? head.slice(0, sentenceEnd + 1).trim() : `${head.trimEnd()}…`;
}

/** The byline, or the outlet when there is none: readers show an author, and RFC 4287 wants one. */
const authorsOf = (item: ItemMeta): string[] => [item.author ?? outletName(item)];

function itemEntry(item: ItemMeta, content: ItemContent, now: Date): FeedEntry {
  return {
    id: item.id,
    title: item.title,
    links: item.link ? [{ rel: 'alternate', href: item.link }] : [],
    published: item.published,
    // An undated item was last updated, as far as anyone knows, when huiliu first saw it.
    updated: item.published ?? item.firstSeen ?? now,
    authors: authorsOf(item),
    categories: categoriesOf([item]),
    summary: excerpt(content.text),
    contentHtml: content.contentHtml,
  };
}

function storyEntry<T extends ItemMeta>(story: Story<T>, contentOf: ContentOf<T>): FeedEntry {
  const rep = story.representative;
  const others = story.items.filter((it) => it !== rep);
  const content = contentOf(rep);
  const links: EntryLink[] = [];
  if (rep.link) links.push({ rel: 'alternate', href: rep.link });
  for (const other of others) {
    if (other.link) links.push({ rel: 'related', href: other.link, title: outletName(other) });
  }
  return {
    id: story.id,
    title: rep.title,
    links,
    published: story.published,
    updated: story.updated,
    authors: authorsOf(rep),
    categories: categoriesOf(story.items),
    summary: excerpt(content.text),
    contentHtml: content.contentHtml + alsoReportedBy(others),
  };
}

export const newestFirst = (a: { updated: Date; id: string }, b: { updated: Date; id: string }): number =>
  b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id);

/** A feed was last updated when its newest entry was: the same input gives the same document. */
function latest(entries: readonly FeedEntry[], fallback: Date): Date {
  if (entries.length === 0) return fallback;
  return entries.reduce((max, e) => (e.updated > max ? e.updated : max), entries[0]!.updated);
}

/** A channel's own site when all its items come from one outlet (a reader's "visit website"). */
function outletSite(items: readonly ItemMeta[]): string | undefined {
  const outlets = new Set(items.map((it) => it.outlet));
  const [only] = outlets;
  return outlets.size === 1 && only !== undefined ? adapterForOutlet(only).homepage : undefined;
}

/**
 * One feed document before its articles are read: `make` builds it with each item's article from
 * `contentOf`. Made with stand-ins for the articles (their hashes), a document shows everything else it
 * is made of, which is how a build tells a feed it need not render again (feeds.ts, `documentFingerprints`).
 */
export interface DocumentRecipe<T> {
  name: string;
  make(contentOf: ContentOf<T>): FeedDocument;
}

/**
 * The merged feed (one entry per story) and one feed per outlet or source, before any format, as recipes
 * in output order: each document (and the articles in it) is made when its recipe is.
 */
export function* documentRecipes<T extends ItemMeta>(
  stories: ReadonlyArray<Story<T>>,
  items: readonly T[],
  options: DocumentOptions,
): Generator<DocumentRecipe<T>, void, undefined> {
  yield mergedRecipe(stories, options);
  yield* channelRecipes(items, options);
}

/** The merged feed: one entry per story, the newest `maxStories`. */
export function mergedRecipe<T extends ItemMeta>(stories: ReadonlyArray<Story<T>>, options: DocumentOptions): DocumentRecipe<T> {
  return {
    name: 'merged',
    make: (contentOf) => {
      // A story's entry keeps its id and `updated`, so sorting stories first orders the entries the same way.
      const merged = newestStories(stories, options.maxStories).map((story) => storyEntry(story, contentOf));
      return {
        name: 'merged',
        id: 'urn:huiliu:feed:merged',
        title: options.title,
        subtitle: options.subtitle ?? 'Stories from several outlets, each once',
        updated: latest(merged, options.now),
        entries: merged,
      };
    },
  };
}

/**
 * One feed per outlet or source (an item's `channel`), every item of it, in channel order. They do not
 * depend on dedup: a build can render them while dedup runs.
 */
export function channelRecipes<T extends ItemMeta>(items: readonly T[], options: DocumentOptions): Array<DocumentRecipe<T>> {
  const channels = new Map<string, T[]>();
  // Appending in place: copying the list for every item made a 20,000-item channel quadratic.
  for (const item of items) {
    const list = channels.get(item.channel);
    if (list) list.push(item);
    else channels.set(item.channel, [item]);
  }
  return [...channels]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, channelItems]) => ({
      name: channel,
      make: (contentOf) => {
        const entries = channelItems.map((it) => itemEntry(it, contentOf(it), options.now)).sort(newestFirst);
        const outlets = [...new Set(channelItems.map(outletName))].join(' · ');
        const site = outletSite(channelItems);
        return {
          name: channel,
          ...(site === undefined ? {} : { site }),
          id: `urn:huiliu:feed:${channel}`,
          title: `${outlets} — ${options.title}`,
          subtitle: `Every item of ${channel}, cleaned`,
          updated: latest(entries, options.now),
          entries,
        };
      },
    }));
}
