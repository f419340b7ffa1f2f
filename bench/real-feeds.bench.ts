/**
 * How long huiliu takes over the 1,765 real feedx items of ../shared/real-feeds (the per-outlet
 * sample files, not the two 72-hour windows): the clean stage alone, and a whole build (read a
 * folder of snapshot documents, parse, adapt and clean, dedup, emit) that writes nothing.
 *
 *   HUILIU_SHARED=/path/to/shared npx vitest bench --run bench/
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { adaptSource } from '../src/adapters/adapt.js';
import type { LoadedConfig } from '../src/config.js';
import { parseConfig } from '../src/config.js';
import { parseDocument } from '../src/parse/index.js';
import { build } from '../src/pipeline.js';
import { readRealDocuments } from '../test/helpers/real-feeds.js';

const shared = process.env['HUILIU_SHARED'] ?? path.resolve(import.meta.dirname, '..', '..', 'shared');
const realFeeds = path.join(shared, 'real-feeds');
const OUTLETS = ['nytimes', 'rfi', 'voa', 'dw'];

const documents = readRealDocuments(realFeeds).filter((doc) => OUTLETS.some((outlet) => doc.name.startsWith(`${outlet}/`)));
if (documents.length !== 1769) throw new Error(`expected the 1,765 sample items and 4 single items, read ${documents.length}`);

// The sample as a folder of snapshot documents, the way a `path` source reads them.
const folder = mkdtempSync(path.join(tmpdir(), 'huiliu-bench-'));
mkdirSync(path.join(folder, 'items'));
documents.forEach((doc, i) => writeFileSync(path.join(folder, 'items', `${String(i).padStart(4, '0')}.md`), doc.text));
const loaded: LoadedConfig = {
  config: parseConfig({ sources: [{ id: 'real', path: 'items' }] }, 'bench'),
  file: path.join(folder, 'huiliu.json'),
  dir: folder,
};
if (readdirSync(path.join(folder, 'items')).length !== documents.length) throw new Error('bench folder incomplete');

describe(`${documents.length} real feedx items`, () => {
  bench(
    'parse, adapt and clean',
    () => {
      const raws = documents.flatMap((doc) => parseDocument(doc, 'real'));
      adaptSource(raws, { id: 'real', path: realFeeds }, { images: 'keep', script: 'keep' });
    },
    { iterations: 3, time: 0, warmupIterations: 1 },
  );
  bench(
    'whole build from a folder of snapshot documents (read, clean, dedup, emit; writes nothing)',
    async () => {
      await build(loaded, { now: new Date('2021-02-01T00:00:00Z') });
    },
    { iterations: 3, time: 0, warmupIterations: 1 },
  );
});
