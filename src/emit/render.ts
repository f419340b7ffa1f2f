import type { FeedFormat } from '../config.js';
import { renderAtom } from './atom.js';
import { renderJsonFeed } from './json-feed.js';
import type { FeedDocument, FeedLinks } from './model.js';
import { renderRss } from './rss.js';

/*
 * Rendering a feed document in its formats, apart from feeds.ts, which makes the documents: a render
 * worker (render-worker.ts) loads only this and the format writers, not the adapters and their cheerio
 * that making documents reads outlet names from.
 */

/** One output file: its name in the output folder and its content. */
export interface OutputFile {
  name: string;
  content: string;
}

/** An output file already encoded as UTF-8, as a worker thread hands it back (render-pool.ts). */
export interface EncodedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * One feed document still to be written in each of its files' formats: `renderFeedFiles` renders it,
 * on this thread or in a worker (render-pool.ts). Plain data (Dates included), so it crosses threads.
 */
export interface FeedRender {
  doc: FeedDocument;
  files: Array<{ name: string; format: FeedFormat; links: FeedLinks }>;
  /** RSS requires a channel link; used when `links` have no `home`. */
  rssHome: string;
}

/** The files of one feed document, in the order of `render.files`. */
export function renderFeedFiles(render: FeedRender): OutputFile[] {
  return render.files.map(({ name, format, links }) => ({ name, content: renderFeed(render.doc, format, links, render.rssHome) }));
}

function renderFeed(doc: FeedDocument, format: FeedFormat, links: FeedLinks, rssHome: string): string {
  switch (format) {
    case 'atom':
      return renderAtom(doc, links);
    case 'rss':
      return renderRss(doc, { ...links, home: links.home ?? rssHome });
    case 'json':
      return renderJsonFeed(doc, links);
  }
}
