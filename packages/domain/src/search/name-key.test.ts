import { describe, expect, it } from 'vitest';
import { foldText } from './fold.js';
import { nameKey } from './name-key.js';

describe('nameKey', () => {
  it.each([
    ['traditional and simplified', ['小偉', '小伟'], '小伟'],
    ['a space inside a Chinese name', ['小 偉', '小　偉', ' 小偉 ', '小  伟'], '小伟'],
    ['spaces around a Chinese name in full', ['王 小 偉', '王小偉', '王小伟', '王  小伟'], '王小伟'],
    ['case and repeated spaces', ['Wang Wei', 'wang  wei', 'WANG WEI', ' wang\twei '], 'wang wei'],
    ['full-width letters and ideographic space', ['ＷＡＮＧ　ＷＥＩ', 'Ｗａｎｇ Ｗｅｉ'], 'wang wei'],
    ['half-width katakana', ['ﾀﾅｶ ﾀﾛｳ', 'タナカ タロウ', 'タナカタロウ'], 'タナカタロウ'],
    ['a Latin name beside a Chinese one', ['Tony 陳', 'Tony陳', 'TONY 陈'], 'tony陈'],
    ['an interpunct in a transliterated name', ['阿卜杜拉·买买提', '阿卜杜拉・買買提', '阿卜杜拉 买买提'], '阿卜杜拉买买提'],
    ['apostrophes and commas', ["O'Brien", 'OBrien', 'O’Brien'], 'obrien'],
    ['hyphens join like a space', ['Jean-Luc Picard', 'Jean Luc Picard', 'jean – luc  picard'], 'jean luc picard'],
    ['a comma between family and given name', ['Lin, Zhiming', 'Lin Zhiming'], 'lin zhiming'],
  ])('%s', (_label, names, key) => {
    for (const name of names) expect([name, nameKey(name)]).toEqual([name, key]);
  });

  it.each([
    ['another character that looks alike', '王偉', '王緯'],
    ['another character in simplified', '王伟', '王纬'],
    ['same sound, other character', '陳小明', '陈晓明'],
    ['a surname alone', '王', '王偉'],
    ['one more character', '林志明', '林志明明'],
    ['a title after the name', '陳經理', '陳先生'],
    ['a note after the name', '林志明', '林志明 (名片)'],
    ['two Latin words against one', 'Wang Wei', 'Wangwei'],
    ['a Chinese name against its pinyin', '王偉', 'Wang Wei'],
    ['the order of the parts', 'Wang Wei', 'Wei Wang'],
    ['an accent', 'José', 'Jose'],
    ['a digit', 'Li Na 2', 'Li Na'],
  ])('keeps apart: %s (%s / %s)', (_label, a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });

  it('is the search folding underneath: any name that folds alike and has no punctuation or spaces shares the key', () => {
    for (const name of ['騰訊', 'ＡＢＣ', 'Ｔｏｎｙ陳', '衞']) expect(nameKey(name)).toBe(foldText(name));
  });

  it("is '' for a name with nothing but punctuation and spaces, which then matches nothing", () => {
    expect(nameKey(' - · , ')).toBe('');
    expect(nameKey('')).toBe('');
  });

  it('is stable: a key is its own key', () => {
    for (const name of ['Wang Wei', '小 偉', 'Tony 陳', 'Jean-Luc', 'ﾀﾅｶ ﾀﾛｳ']) expect(nameKey(nameKey(name))).toBe(nameKey(name));
  });
});
