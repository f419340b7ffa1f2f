import { UserError } from '../errors.js';

/**
 * An entity declared in terms of other named entities (`<!ENTITY a1 "&a0;&a0;…">`) is how an expansion
 * bomb ("billion laughs") multiplies. Feeds that declare entities at all only alias characters
 * (`<!ENTITY nbsp "&#160;">`), so a declaration that refers to another named entity is refused outright
 * instead of being left unexpanded in titles and bodies.
 */
const NESTED_ENTITY = /<!ENTITY\s+%?\s*[^\s"'>]+\s+(["'])[^"']*&[A-Za-z_:][\w.:-]*;[^"']*\1/;

/** The part of a document before its first element, where a DOCTYPE and its entity declarations live. */
function prolog(text: string): string {
  const firstElement = text.search(/<[A-Za-z_]/);
  return firstElement < 0 ? text : text.slice(0, firstElement);
}

export function assertNoEntityExpansion(text: string, name: string): void {
  if (NESTED_ENTITY.test(prolog(text))) {
    throw new UserError(`${name}: refused: the document declares entities built from other entities (an entity-expansion bomb)`);
  }
}
