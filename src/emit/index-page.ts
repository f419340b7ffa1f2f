import { escapeText } from '../clean/text.js';

/** One report listed under a story on the page. */
export interface PageReport {
  outlet: string;
  link?: string;
}

/** One story as the page shows it. */
export interface PageStory {
  title: string;
  link?: string;
  reports: PageReport[];
  published?: Date;
  updated: Date;
  /** Plain text. */
  excerpt: string;
}

/** A feed the page offers, in the `<head>` for autodiscovery and in the body for people. */
export interface PageFeed {
  title: string;
  href: string;
  type: string;
  /** Short label of the format shown in the list ("Atom", "RSS", "JSON Feed"). */
  label: string;
}

export interface IndexPage {
  title: string;
  subtitle: string;
  updated: Date;
  icon: string;
  opml: string;
  feeds: PageFeed[];
  stories: PageStory[];
}

/*
 * The page is a plain template: every text and attribute value goes through `escapeText` (the `entities`
 * package), so no outlet's title can inject markup. No script: it is read as it arrives, and the theme
 * follows the reader's system setting through `prefers-color-scheme`.
 */
const STYLE = `
:root { color-scheme: light dark; --bg: #fdfdfb; --fg: #1d1d1f; --muted: #5f6368; --rule: #e2e2dc; --link: #0b57d0; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #16171a; --fg: #e8e8e6; --muted: #a0a4ab; --rule: #2f3136; --link: #8ab4f8; }
}
body { margin: 0 auto; max-width: 46rem; padding: 1.5rem 1rem 4rem; background: var(--bg); color: var(--fg);
  font: 1rem/1.7 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
a { color: var(--link); }
header { border-bottom: 1px solid var(--rule); margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 0 0 .25rem; line-height: 1.45; }
.muted, .meta { color: var(--muted); font-size: .9rem; }
.feeds { padding: 0; list-style: none; font-size: .9rem; }
article { padding: 1rem 0; border-bottom: 1px solid var(--rule); }
article p { margin: .35rem 0 0; }
`;

const e = escapeText;

function time(date: Date): string {
  return `<time datetime="${e(date.toISOString())}">${e(`${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`)}</time>`;
}

function anchor(text: string, href: string | undefined): string {
  return href === undefined ? e(text) : `<a href="${e(href)}">${e(text)}</a>`;
}

function storyHtml(story: PageStory): string {
  const reports = story.reports.map((r) => anchor(r.outlet, r.link)).join(' · ');
  return `<article>
<h2>${anchor(story.title, story.link)}</h2>
<p class="meta">${reports} · ${time(story.published ?? story.updated)}</p>
<p>${e(story.excerpt)}</p>
</article>`;
}

/** index.html of the output folder: the merged stories for a person, and every feed for their reader. */
export function renderIndexPage(page: IndexPage): string {
  const discovery = page.feeds
    .map((f) => `<link rel="alternate" type="${e(f.type)}" title="${e(f.title)}" href="${e(f.href)}">`)
    .join('\n');
  // One line per feed, its formats side by side: a person picks the feed first, then the format.
  const byTitle = new Map<string, PageFeed[]>();
  for (const feed of page.feeds) byTitle.set(feed.title, [...(byTitle.get(feed.title) ?? []), feed]);
  const feedList = [...byTitle]
    .map(([title, formats]) => `<li>${e(title)}: ${formats.map((f) => anchor(f.label, f.href)).join(' · ')}</li>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${e(page.title)}</title>
<link rel="icon" href="${e(page.icon)}" type="image/svg+xml">
${discovery}
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(page.title)}</h1>
<p class="muted">${e(page.subtitle)} · updated ${time(page.updated)}</p>
<p class="muted">Subscribe in a feed reader · ${anchor('OPML (all feeds)', page.opml)}</p>
<ul class="feeds">
${feedList}
</ul>
</header>
<main>
${page.stories.map(storyHtml).join('\n')}
</main>
</body>
</html>
`;
}
