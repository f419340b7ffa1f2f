import { adapterForOutlet } from '../adapters/registry.js';
import { escapeText } from '../clean/text.js';
import type { Item, Story } from '../types.js';
import { renderAtom, type AtomEntry, type EntryLink } from './atom.js';

/** One output file: its name in the output folder and its content. */
export interface OutputFile {
  name: string;
  content: string;
}

export interface EmitOptions {
  title: string;
  subtitle?: string;
  /** When nothing carries a date, feeds still need an `updated`. */
  now: Date;
}

const outletName = (item: Item): string => adapterForOutlet(item.outlet).name;

/** `2021-04-15 13:23 UTC`: a plain, unambiguous time for the "also reported by" list. */
function shortTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function categoriesOf(items: readonly Item[]): AtomEntry['categories'] {
  const outlets = [...new Set(items.map((it) => it.outlet))];
  return outlets.map((outlet) => ({ term: outlet, label: adapterForOutlet(outlet).name }));
}

/** The visible list of the other reports, under the representative's article. */
function alsoReportedBy(others: readonly Item[]): string {
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

function itemEntry(item: Item, now: Date): AtomEntry {
  return {
    id: item.id,
    title: item.title,
    links: item.link ? [{ rel: 'alternate', href: item.link }] : [],
    published: item.published,
    // An undated item was last updated, as far as anyone knows, when huiliu first saw it.
    updated: item.published ?? item.firstSeen ?? now,
    authors: item.author ? [item.author] : [],
    categories: categoriesOf([item]),
    contentHtml: item.contentHtml,
  };
}

function storyEntry(story: Story): AtomEntry {
  const rep = story.representative;
  const others = story.items.filter((it) => it !== rep);
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
    authors: rep.author ? [rep.author] : [],
    categories: categoriesOf(story.items),
    contentHtml: rep.contentHtml + alsoReportedBy(others),
  };
}

const newestFirst = (a: AtomEntry, b: AtomEntry): number =>
  b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id);

/** A feed was last updated when its newest entry was: the same input gives the same document. */
function latest(entries: readonly AtomEntry[], fallback: Date): Date {
  if (entries.length === 0) return fallback;
  return entries.reduce((max, e) => (e.updated > max ? e.updated : max), entries[0]!.updated);
}

/** Every output feed: `merged.atom` (one entry per story) and one `<channel>.atom` per outlet or source. */
export function emitFeeds(stories: readonly Story[], items: readonly Item[], options: EmitOptions): OutputFile[] {
  const merged = stories.map(storyEntry).sort(newestFirst);
  const files: OutputFile[] = [
    {
      name: 'merged.atom',
      content: renderAtom({
        id: 'urn:huiliu:feed:merged',
        title: options.title,
        subtitle: options.subtitle ?? 'Stories from several outlets, each once',
        updated: latest(merged, options.now),
        entries: merged,
      }),
    },
  ];
  const channels = new Map<string, Item[]>();
  for (const item of items) channels.set(item.channel, [...(channels.get(item.channel) ?? []), item]);
  for (const [channel, channelItems] of [...channels].sort(([a], [b]) => a.localeCompare(b))) {
    const entries = channelItems.map((it) => itemEntry(it, options.now)).sort(newestFirst);
    const outlets = [...new Set(channelItems.map(outletName))].join(' · ');
    files.push({
      name: `${channel}.atom`,
      content: renderAtom({
        id: `urn:huiliu:feed:${channel}`,
        title: `${outlets} — ${options.title}`,
        subtitle: `Every item of ${channel}, cleaned`,
        updated: latest(entries, options.now),
        entries,
      }),
    });
  }
  return files;
}
