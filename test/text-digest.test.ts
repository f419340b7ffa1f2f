import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { textDigest } from '../src/text-digest.js';

describe('textDigest', () => {
  it('hashes the UTF-16 code units of its parts, in order', () => {
    const units = Buffer.from([0x47, 0x6c, 0x41, 0x6d]); // U+6C47 U+6D41, each unit little-endian
    const text = '汇流';
    const expected = createHash('sha1').update(units).digest('base64');
    expect(textDigest('sha1', [text], 'base64')).toBe(expected);
    expect(textDigest('sha256', ['新京', '报'], 'hex')).toBe(createHash('sha256').update(Buffer.from('新京报', 'utf16le')).digest('hex'));
  });

  it('tells apart strings that UTF-8 would make equal (lone surrogates)', () => {
    const a = 'x\ud800';
    const b = 'x\udbff';
    expect(Buffer.from(a, 'utf8').equals(Buffer.from(b, 'utf8'))).toBe(true);
    expect(textDigest('sha1', [a], 'base64')).not.toBe(textDigest('sha1', [b], 'base64'));
  });

  it('does not separate parts: callers whose parts could run together put a separator between them', () => {
    expect(textDigest('sha1', ['ab', 'c'], 'base64')).toBe(textDigest('sha1', ['a', 'bc'], 'base64'));
  });
});
