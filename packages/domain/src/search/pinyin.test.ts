import { describe, expect, it } from 'vitest';
import { nameReadings } from './pinyin.js';

const first = (name: string, isPersonName = true) => nameReadings(name, { isPersonName })[0];

describe('nameReadings', () => {
  it.each([
    ['小伟', 'xiaowei', 'xw'],
    ['小偉', 'xiaowei', 'xw'],
    ['王小偉', 'wangxiaowei', 'wxw'],
    ['曉薇', 'xiaowei', 'xw'],
    ['吕女士', 'lvnvshi', 'lns'],
  ])('reads %s as %s / %s', (name, full, initials) => {
    expect(first(name)).toMatchObject({ full, initials });
  });

  it.each([
    ['曾小明', 'zengxiaoming', 'zxm'],
    ['单先生', 'shanxiansheng', 'sxs'],
    ['單先生', 'shanxiansheng', 'sxs'],
    ['仇大海', 'qiudahai', 'qdh'],
    ['解小东', 'xiexiaodong', 'xxd'],
    ['樂小美', 'yuexiaomei', 'yxm'],
    ['朴志勇', 'piaozhiyong', 'pzy'],
    ['欧阳娜娜', 'ouyangnana', 'oynn'],
    ['歐陽娜娜', 'ouyangnana', 'oynn'],
    ['司馬光', 'simaguang', 'smg'],
    ['万俟卨', 'moqixie', 'mqx'],
    ['尉迟恭', 'yuchigong', 'ycg'],
  ])('person %s uses the surname reading: %s', (name, full, initials) => {
    expect(first(name)).toMatchObject({ full, initials });
  });

  it.each([
    ['曾小明', 'ceng'],
    ['单先生', 'dan'],
    ['仇大海', 'chou'],
  ])('never offers the non-surname reading of %s (%s…)', (name, wrong) => {
    const fulls = nameReadings(name, { isPersonName: true }).map((r) => r.full);
    expect(fulls.some((f) => f.startsWith(wrong))).toBe(false);
  });

  it.each([
    ['单位', 'danwei'],
    ['曾经', 'cengjing'],
    ['重庆银行', 'chongqingyinhang'],
  ])('a company %s reads as words: %s', (name, full) => {
    expect(first(name, false)?.full).toBe(full);
  });

  it('offers bounded alternatives for polyphonic given names, most likely first', () => {
    const readings = nameReadings('张和乐', { isPersonName: true, maxVariants: 3 });
    expect(readings.map((r) => r.full)).toEqual(['zhanghele', 'zhanghuole', 'zhangheyue']);
    expect(nameReadings('张和乐', { isPersonName: true }).length).toBe(4);
    expect(nameReadings('张和乐', { isPersonName: true, maxVariants: 1 }).length).toBe(1);
  });

  it('maps each syllable to its character in the original string', () => {
    expect(first('Tony 王小偉')).toMatchObject({
      syllables: ['wang', 'xiao', 'wei'],
      spans: [
        [5, 6],
        [6, 7],
        [7, 8],
      ],
    });
  });

  it('returns nothing for a name without Chinese characters', () => {
    expect(nameReadings('Tony Stark', { isPersonName: true })).toEqual([]);
    expect(nameReadings('', { isPersonName: true })).toEqual([]);
  });
});
