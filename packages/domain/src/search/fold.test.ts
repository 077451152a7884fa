import { describe, expect, it } from 'vitest';
import { foldText, foldTextWithMap, normaliseGeneral, normaliseWithMap, originalRange } from './fold.js';

describe('foldText', () => {
  it.each([
    ['traditional to simplified', '小偉', '小伟'],
    ['simplified is unchanged', '小伟', '小伟'],
    ['traditional company', '騰訊科技股份有限公司', '腾讯科技股份有限公司'],
    ['Hong Kong variant glyph', '衞', '卫'],
    ['full-width letters', 'ＡＢＣ', 'abc'],
    ['full-width digits', '１３８００１３', '1380013'],
    ['full-width punctuation and at sign', 'ｗｅｉ＠ＱＱ．ｃｏｍ', 'wei@qq.com'],
    ['case', 'Tony WANG', 'tony wang'],
    ['whitespace collapse and trim', '  王\t 小偉 \n', '王 小伟'],
    ['ideographic space', '王　小偉', '王 小伟'],
    ['mixed scripts and widths', 'Ｔｏｎｙ 陳（臺灣）', 'tony 陈(台湾)'],
    ['half-width katakana composes', 'ﾊﾟｿｺﾝ', 'パソコン'],
    ['combining accent composes', 'Jose\u0301', 'josé'],
    ['character-level, not phrase-level', '乾隆', '干隆'],
    ['empty', '', ''],
  ])('%s: %s → %s', (_label, input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it.each(['Wei.Wang@Hongda.COM', '  Sales  Manager\t(APAC) ', 'zeng_ming88', 'a\r\n\v\fb', '~!@#$%^&*()_+{}|:"<>?', ' '])(
    'folds ASCII %j as the general path does',
    (input) => {
      expect(foldText(input)).toBe(normaliseGeneral(input).text);
    },
  );

  it('folds a fragment the same way as the text it came from', () => {
    const whole = foldText('乾隆皇帝');
    expect(whole.includes(foldText('乾'))).toBe(true);
  });
});

describe('foldTextWithMap', () => {
  it('keeps one source span per folded unit', () => {
    const f = foldTextWithMap(' ＡＢ  小偉 ');
    expect(f.text).toBe('ab 小伟');
    expect(f.starts).toHaveLength(f.text.length);
    expect(f.ends).toHaveLength(f.text.length);
  });

  it.each([
    ['full-width letters', 'ＡＢＣ貿易', 'abc', [0, 3]],
    ['after collapsed spaces', '王   小偉', '小伟', [4, 6]],
    ['composed accent spans both source units', 'Jose\u0301 Li', 'josé', [0, 5]],
    ['one source char becoming three', '㈱ABC', 'abc', [1, 4]],
  ] as const)('maps %s back to the original', (_label, source, needle, expected) => {
    const f = foldTextWithMap(source);
    const at = f.text.indexOf(needle);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(originalRange(f, at, at + needle.length)).toEqual(expected);
  });

  it('gives plain text (ASCII and CJK ideographs, single spaces) the spans and text of the general path', () => {
    const fixed = ['王海明', '蕭小偉', 'Tony 陳', 'Wei.Wang@Hongda.COM', '騰訊科技 (深圳) 有限公司', 'ABC貿易', 'a b c', '~!@#$%^&*()_+{}|:"<>?', '龘靐', '鿿一'];
    // Around the edges of the shortcut too: leading, trailing and double spaces, tabs, full-width, marks.
    const edges = [' 王', '王 ', '王  明', '王\t明', 'ＡＢ', 'Jose\u0301', '㈱ABC', '\u3000王', '', ' ', '\u4dff\u4e00', '\u9fff\ua000'];
    const alphabet = [...'王海明偉伟陳陈蕭肖龍龙曾單AbZz09.@_- '];
    let seed = 20261127;
    const random = Array.from({ length: 2_000 }, () => {
      let out = '';
      for (let n = (seed % 9) + 1; n > 0; n--) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        out += alphabet[seed % alphabet.length];
      }
      return out;
    });
    for (const s of [...fixed, ...edges, ...random]) expect(normaliseWithMap(s), JSON.stringify(s)).toEqual(normaliseGeneral(s));
  });

  it('phrase mode reads words, for pinyin', () => {
    expect(foldTextWithMap('乾隆', { phrase: true }).text).toBe('乾隆');
    expect(foldTextWithMap('單先生', { phrase: true }).text).toBe('单先生');
  });
});
