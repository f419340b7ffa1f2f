import { load } from 'cheerio';

/**
 * The cheerio that edits and serialises every body. One loader serves them all: cheerio edits nodes in
 * place whatever document holds them, while loading each body would define a new class per document and
 * selecting through `$(selector)` would sort whole-document results — both cost more than the edits.
 * Bodies are parsed by parse.ts (parse5 or htmlparser2, cheerio's own parsers, into cheerio's DOM).
 */
export const $ = load('', { xml: false }, false);
