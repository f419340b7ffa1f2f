import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceDocument } from '../../src/parse/index.js';

/** One real feedx item as ../shared/real-feeds stores it: a snapshot document (see SOURCES.md there). */
export interface RealDocument extends SourceDocument {
  /** The outlet folder or the item's `outlet` field: nytimes, rfi, voa, dw. */
  outlet: string;
}

interface RealFeedFile {
  outlet: string;
  items: Array<{ path: string; text: string; outlet?: string }>;
}

/** Every item of the real-feeds folder: the JSON files' `items[].text` and the single `.md` documents. */
export function readRealDocuments(dir: string): RealDocument[] {
  const documents: RealDocument[] = [];
  for (const folder of readdirSync(dir).sort()) {
    const folderPath = path.join(dir, folder);
    if (!statSync(folderPath).isDirectory()) continue;
    for (const name of readdirSync(folderPath).sort()) {
      const file = path.join(folderPath, name);
      if (name.endsWith('.json')) {
        const data = JSON.parse(readFileSync(file, 'utf8')) as RealFeedFile;
        for (const item of data.items) {
          documents.push({ name: `${folder}/${name}:${item.path}`, text: item.text, outlet: item.outlet ?? data.outlet });
        }
      } else if (name.endsWith('.md')) {
        documents.push({ name: `${folder}/${name}`, text: readFileSync(file, 'utf8'), outlet: folder });
      }
    }
  }
  return documents;
}
