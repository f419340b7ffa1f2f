import { UserError } from '../errors.js';

/** An XML declaration's encoding sits in the first bytes, which are ASCII in every encoding feeds use. */
const XML_DECLARATION = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

function charsetFromContentType(contentType: string | undefined): string | undefined {
  const match = contentType?.match(/;\s*charset\s*=\s*"?([^";\s]+)"?/i);
  return match?.[1];
}

function charsetFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/**
 * The charset a document is in: a byte-order mark, else the HTTP header (RFC 7303 lets it override the
 * document), else the XML declaration, else UTF-8.
 */
export function detectCharset(bytes: Uint8Array, contentType?: string): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  return (
    charsetFromBom(bytes) ?? charsetFromContentType(contentType) ?? head.match(XML_DECLARATION)?.[1] ?? 'utf-8'
  ).toLowerCase();
}

/**
 * Decodes a document with Node's TextDecoder (full ICU: GBK, GB18030, Big5 and the rest of the WHATWG
 * encodings). An unknown charset is the publisher's mistake, reported rather than guessed around.
 */
export function decodeDocument(bytes: Uint8Array, contentType?: string): string {
  const charset = detectCharset(bytes, contentType);
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    throw new UserError(`unsupported charset "${charset}"`);
  }
}
