import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { requireCommonJs } from '../src/commonjs.js';

/*
 * What each thread of a build loads is part of what a build costs: every worker thread loads its own
 * module graph. These tests read huiliu's imports with TypeScript's parser and guard two choices.
 */

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** The modules a source file imports at run time (type-only imports are erased), as written. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : statement;
    if (clause?.isTypeOnly === true || statement.moduleSpecifier === undefined) continue;
    specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
  }
  return specifiers;
}

/** A relative import of compiled `.js` names the TypeScript source beside it. */
const sourceOf = (from: string, specifier: string): string => path.resolve(path.dirname(from), specifier).replace(/\.js$/, '.ts');

/** Every source file an entry module loads, itself included, and the packages they import. */
function moduleGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) visit(sourceOf(file, specifier));
      else if (!specifier.startsWith('node:')) packages.add(specifier);
    }
  };
  visit(path.join(SRC, entry));
  return { files, packages };
}

/** The modules each kind of worker thread starts from: cleaning, dedup, rendering. */
const WORKER_ENTRIES = ['adapters/pool-worker.ts', 'dedup/worker.ts', 'emit/render-worker.ts'];

/** Whether Node loads a package's entry as CommonJS: a `.cjs` file, or a `.js` file whose package is not `"type": "module"`. */
function isCommonJs(specifier: string): boolean {
  const entry = fileURLToPath(import.meta.resolve(specifier));
  if (entry.endsWith('.mjs')) return false;
  if (entry.endsWith('.cjs')) return true;
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    let manifest: { type?: string } | undefined;
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string };
    } catch {
      continue;
    }
    return manifest.type !== 'module';
  }
  return true;
}

describe('module loading', () => {
  it('no worker thread imports a CommonJS package: those are loaded with requireCommonJs', () => {
    for (const entry of WORKER_ENTRIES) {
      const { packages } = moduleGraph(entry);
      expect(packages.size, entry).toBeGreaterThan(0);
      expect([...packages].filter(isCommonJs), entry).toEqual([]);
    }
    // The check knows a CommonJS package when it sees one.
    expect(['sanitize-html', '@node-rs/jieba', 'better-sqlite3'].every(isCommonJs)).toBe(true);
    expect(['cheerio/slim', 'feed', 'fast-xml-parser'].some(isCommonJs)).toBe(false);
  });

  it('requireCommonJs loads a package as import would', async () => {
    const required = requireCommonJs('sanitize-html') as (html: string) => string;
    const imported = (await import('sanitize-html')).default;
    expect(required).toBe(imported);
    expect(required('<p onclick="x()">a</p>')).toBe('<p>a</p>');
  });

  it('the render worker loads the format writers, not the adapters or cheerio', () => {
    const { files, packages } = moduleGraph('emit/render-worker.ts');
    expect(files).toContain(path.join(SRC, 'emit/atom.ts'));
    expect([...files].filter((file) => file.startsWith(path.join(SRC, 'adapters')))).toEqual([]);
    expect([...packages].sort()).toEqual(['entities', 'fast-xml-parser', 'feed']);
  });

  it('the clean workers load cheerio without what it fetches documents with', () => {
    const { packages } = moduleGraph('adapters/pool-worker.ts');
    expect(packages).toContain('cheerio/slim');
    expect(packages).not.toContain('cheerio');
    expect(packages).not.toContain('undici');
  });

  it('cleaning parses with the htmlparser2 that sanitize-html loads, not a second copy of it', () => {
    const { packages } = moduleGraph('adapters/pool-worker.ts');
    expect(packages).not.toContain('htmlparser2');
    const sanitizeHtmlRequire = createRequire(requireCommonJs.resolve('sanitize-html'));
    expect(sanitizeHtmlRequire.resolve('htmlparser2')).toBe(requireCommonJs.resolve('htmlparser2'));
  });
});
