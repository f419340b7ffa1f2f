import { createRequire } from 'node:module';

/**
 * Loads a CommonJS package with `require` rather than `import`. Importing one from an ES module makes
 * Node lex its source for named exports (cjs-module-lexer), and V8 then optimises that lexer in every
 * thread that does so: 100–200 ms of CPU for sanitize-html and jieba in each of a build's worker threads,
 * where `require` costs nothing beyond loading the package. The caller states the package's type.
 */
export const requireCommonJs = createRequire(import.meta.url);
