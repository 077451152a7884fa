import { describe, expect, it } from 'vitest';
import { guessLegacyEncoding, readCardBytes } from './card-encoding.js';

/** Text in a legacy encoding, from a table built by decoding every two-byte sequence (Node encodes only UTF-8). */
function encode(text: string, encoding: 'gbk' | 'big5'): Uint8Array {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      const c = decoder.decode(new Uint8Array([a, b]));
      if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [a, b]);
    }
  }
  return new Uint8Array([...text].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : table.get(c)!)));
}

describe('guessLegacyEncoding', () => {
  it.each([
    ['姓名\r\n王小伟\r\n', 'gbk', 'gb18030'],
    ['姓名,公司\r\n陈刚,华为\r\n', 'gbk', 'gb18030'],
    ['姓名\r\n王小偉\r\n', 'big5', 'big5'],
    ['姓名,公司\r\n陳剛,遠東紡織\r\n', 'big5', 'big5'],
  ] as const)('%j written in %s reads as %s, whichever is preferred', (text, written, expected) => {
    const bytes = encode(text, written);
    expect(guessLegacyEncoding(bytes, 'gb18030')).toBe(expected);
    expect(guessLegacyEncoding(bytes, 'big5')).toBe(expected);
    expect(readCardBytes(bytes).text).toBe(text);
  });

  it('takes the preferred one when nothing tells them apart', () => {
    const latin1 = new Uint8Array([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x0a]);
    expect(guessLegacyEncoding(latin1, 'big5')).toBe('big5');
    expect(guessLegacyEncoding(latin1, 'gb18030')).toBe('gb18030');
  });

  it('reads a large file from a sample that does not end inside a character', () => {
    const row = '林志明,遠東紡織股份有限公司,採購經理\r\n';
    const bytes = encode(row.repeat(12_000), 'big5');
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    expect(guessLegacyEncoding(bytes, 'gb18030')).toBe('big5');
  });
});

describe('readCardBytes', () => {
  it('keeps to UTF-8 and byte-order marks first, and to the encoding the user chose', () => {
    const utf8 = new TextEncoder().encode('姓名\n王小偉\n');
    expect(readCardBytes(utf8)).toEqual({ text: '姓名\n王小偉\n', encoding: 'utf-8' });
    expect(readCardBytes(new Uint8Array([0xfe, 0xff, 0x59, 0xd3]))).toEqual({ text: '姓', encoding: 'utf-16be' });
    const big5 = encode('姓名\n王小偉\n', 'big5');
    expect(readCardBytes(big5, 'gb18030').encoding).toBe('gb18030');
  });
});
