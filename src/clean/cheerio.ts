import { load } from 'cheerio/slim';

/**
 * The cheerio that edits every body. One loader serves them all: cheerio edits nodes in
 * place whatever document holds them, while loading each body would define a new class per document and
 * selecting through `$(selector)` would sort whole-document results — both cost more than the edits.
 * Bodies are parsed by parse.ts (parse5 or htmlparser2, cheerio's own parsers, into cheerio's DOM) and
 * serialised there with parse5, as cheerio serialises HTML; this cheerio only edits nodes, never parses
 * or serialises. So it is `cheerio/slim`: cheerio's main entry also loads what it fetches and decodes
 * documents with (undici, iconv-lite, a stream parser), about 100 ms in every thread that loads it.
 */
export const $ = load('', { xml: false }, false);
