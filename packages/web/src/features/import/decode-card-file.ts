import type { Locale } from '../../api/types.js';

/** What the user may choose for files that are not UTF-8: the legacy Chinese encoding to fall back to. */
export const CARD_ENCODINGS = ['auto', 'gb18030', 'big5'] as const;
export type CardEncoding = (typeof CARD_ENCODINGS)[number];
export type LegacyEncoding = Exclude<CardEncoding, 'auto'>;
export type ReadEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | LegacyEncoding;

/** Names as people know them, shown in "read as …". */
export const ENCODING_NAMES: Record<ReadEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  gb18030: 'GB18030',
  big5: 'Big5',
};

/**
 * "Automatic" falls back to the encoding older Excel most likely saved in for this reader: Big5 for someone
 * using Pond in traditional Chinese, GB18030 (a superset of GBK) for everyone else.
 */
export function fallbackEncoding(choice: CardEncoding, locale: Locale): LegacyEncoding {
  if (choice !== 'auto') return choice;
  return locale === 'zh-Hant' ? 'big5' : 'gb18030';
}

/**
 * The file's text, by the same rule as the domain's decodeCardBytes (which the web does not import, since its
 * module also holds the CSV and vCard parsers): a UTF-16 byte-order mark, else strict UTF-8, else the fallback.
 */
export function decodeCardFile(bytes: Uint8Array, fallback: LegacyEncoding): { text: string; encoding: ReadEncoding } {
  const as = (encoding: ReadEncoding, fatal = false) => ({ text: new TextDecoder(encoding, { fatal }).decode(bytes), encoding });
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return as('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return as('utf-16be');
  try {
    return as('utf-8', true);
  } catch {
    return as(fallback);
  }
}
