import { UserError } from '../errors.js';
import type { RawItem } from '../types.js';
import { parseFeedXml } from './feed-xml.js';
import { parseSnapshot } from './snapshot.js';

/** A document as read from a source: its text and a name for messages (file path or URL). */
export interface SourceDocument {
  name: string;
  text: string;
}

const looksLikeXml = (text: string): boolean => /^\s*(<\?xml|<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>])/.test(text);

/** Reads one document: an XML feed (many items) or a snapshot document (one item). */
export function parseDocument(doc: SourceDocument, sourceId: string): RawItem[] {
  const text = doc.text.replace(/^\uFEFF/, '');
  try {
    if (looksLikeXml(text)) return parseFeedXml(text, sourceId);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${doc.name}: ${error.message}`);
    throw error;
  }
  if (text.trim() === '') throw new UserError(`${doc.name}: empty document`);
  return [parseSnapshot(text, sourceId)];
}
