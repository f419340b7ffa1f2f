/** One pool task in a worker thread: a feed document rendered in each of its formats, as UTF-8. */
import { renderFeedFiles, type EncodedFile, type FeedRender } from './render.js';

const utf8 = new TextEncoder();

export default function renderTask(render: FeedRender): EncodedFile[] {
  return renderFeedFiles(render).map(({ name, content }) => ({ name, bytes: utf8.encode(content) }));
}

/** A task that does nothing: done once the worker has loaded this module and can take work. */
export function ready(): true {
  return true;
}
