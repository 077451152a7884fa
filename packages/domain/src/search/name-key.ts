import { foldText } from './fold.js';

// Scripts written without spaces between the parts of a name: a space next to one of their characters is noise.
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;
// Hyphens and dashes join name parts like a space does (Jean-Luc, Jean Luc).
const DASHES = /\p{Pd}/gu;
// Any other punctuation is dropped: O'Brien, 阿卜杜拉·买买提, "Lin, Zhiming".
const PUNCTUATION = /\p{P}/gu;

/**
 * The key under which two records may be the same person by name: the search folding (NFKC, so full-width
 * and half-width meet; lower case; traditional → simplified per character), then punctuation dropped (dashes
 * count as spaces) and a space kept only where neither neighbour is Han, kana or Hangul, so 小偉 / 小伟 / 小 偉 and Wang Wei / wang  wei /
 * ＷＡＮＧ ＷＥＩ each share one key, while Wang Wei and Wangwei, or 王偉 and 王緯, do not. Order counts:
 * Wei Wang is another key. '' when nothing is left (a name of punctuation only): such a name matches nothing.
 */
export function nameKey(name: string): string {
  const folded = foldText(name).replace(DASHES, ' ').replace(PUNCTUATION, '').replace(/ {2,}/g, ' ').trim();
  let key = '';
  const chars = [...folded];
  chars.forEach((ch, i) => {
    if (ch !== ' ') key += ch;
    else if (!UNSPACED.test(chars[i - 1] ?? '') && !UNSPACED.test(chars[i + 1] ?? '')) key += ' ';
  });
  return key;
}
