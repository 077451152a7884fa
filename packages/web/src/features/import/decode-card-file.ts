import { readCardBytes, type CardTextEncoding, type LegacyEncoding } from '@pond/domain/card-encoding';
import type { Locale } from '../../api/types.js';

/** What the user may choose for files that are not UTF-8: found from the content, or one legacy Chinese encoding. */
export const CARD_ENCODINGS = ['auto', 'gb18030', 'big5'] as const;
export type CardEncoding = (typeof CARD_ENCODINGS)[number];
export type { LegacyEncoding };
export type ReadEncoding = CardTextEncoding;

/** Names as people know them, shown in "read as …". */
export const ENCODING_NAMES: Record<ReadEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  gb18030: 'GB18030',
  big5: 'Big5',
};

/**
 * The legacy encoding a choice stands for when a file reads equally well in both: the one chosen, else the one
 * older Excel most likely saved in for this reader (Big5 for someone using Pond in traditional Chinese,
 * GB18030, a superset of GBK, for everyone else).
 */
export function fallbackEncoding(choice: CardEncoding, locale: Locale): LegacyEncoding {
  if (choice !== 'auto') return choice;
  return locale === 'zh-Hant' ? 'big5' : 'gb18030';
}

/**
 * The file's text by the same rule as the server's and the CLI's (the domain's card-encoding module): a UTF-16
 * byte-order mark, else strict UTF-8, else the encoding chosen, or on "automatic" whichever of GB18030 and Big5
 * the file reads as Chinese in.
 */
export function decodeCardFile(bytes: Uint8Array, choice: CardEncoding, locale: Locale): { text: string; encoding: ReadEncoding } {
  return readCardBytes(bytes, choice, fallbackEncoding('auto', locale));
}
