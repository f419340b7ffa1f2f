import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element as the checks see it: attributes under `@_name`, text under `#text`, every child in an array. */
export interface XmlElement {
  '#text'?: string;
  [key: string]: XmlElement[] | string | undefined;
}

/*
 * Every child element is parsed into an array, so "exactly one <id>" is a length check and a repeated
 * element is never silently collapsed. CDATA is folded into the text, as a reader would see it.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** Parses a document, or says on one line why it is not well-formed XML. */
export function parseXml(xml: string): { root: XmlElement } | { error: string } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { error: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})` };
  return { root: parser.parse(xml) as XmlElement };
}

export function children(element: XmlElement, name: string): XmlElement[] {
  const value = element[name];
  return Array.isArray(value) ? value : [];
}

export function attr(element: XmlElement, name: string): string | undefined {
  const value = element[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

export function text(element: XmlElement | undefined): string {
  return element?.['#text'] ?? '';
}
