import { describe, expect, it } from 'vitest';
import { IndexTermCache, indexTerms, planQuery } from './keys.js';
import type { SearchDocument } from './types.js';

const typical: SearchDocument = {
  name: '王小伟',
  company: '腾讯科技有限公司',
  emails: ['xiaowei.wang@tencent.com'],
  phones: ['+8613800138000'],
  tags: [],
};

const termsOf = (doc: SearchDocument) => new Set(indexTerms(doc).map((r) => r.term));

describe('indexTerms', () => {
  it('keeps a typical prospect well under 150 rows (measured: 103)', () => {
    const rows = indexTerms(typical);
    expect(rows.length).toBe(103);
    const long = indexTerms({ ...typical, company: '深圳市腾讯计算机系统有限公司' });
    expect(long.length).toBeLessThan(160);
  });

  it('emits distinct (term, field) rows', () => {
    const rows = indexTerms(typical).map((r) => `${r.field} ${r.term}`);
    expect(new Set(rows).size).toBe(rows.length);
  });

  it.each([
    ['CJK unigram', 'name', 't:伟'],
    ['CJK bigram', 'name', 't:小伟'],
    ['Latin unigram', 'email', 't:x'],
    ['Latin bigram inside a word', 'email', 't:ow'],
    ['Latin trigram', 'email', 't:cen'],
    ['full pinyin trigram', 'name', 'p:owe'],
    ['syllable start', 'name', 'p:xi'],
    ['first initial', 'name', 'i:w'],
    ['initials bigram', 'name', 'i:xw'],
    ['company initials without the legal form', 'company', 'i:txk'],
    ['national digits', 'phone', 'd:138'],
    ['international digits', 'phone', 'd:861'],
  ])('has a %s: %s %s', (_label, field, term) => {
    expect(indexTerms(typical)).toContainEqual({ term, field });
  });

  it.each([
    ['CJK trigram (bigrams suffice)', 't:王小伟'],
    ['text across a word boundary', 't:i.w'],
    ['4-gram', 't:xiao'],
    ['mid-syllable pinyin bigram', 'p:ao'],
    ['a later initial alone', 'i:x'],
    ['pinyin of the legal form', 'p:gon'],
    ['untagged term', '伟'],
  ])('has no %s: %s', (_label, term) => {
    expect(termsOf(typical).has(term)).toBe(false);
  });

  it('folds before indexing: traditional and full-width data give simplified, half-width terms', () => {
    const terms = termsOf({ name: '王小偉', company: 'ＡＢＣ貿易', emails: [], phones: [], tags: [] });
    expect(terms.has('t:伟')).toBe(true);
    expect(terms.has('t:偉')).toBe(false);
    expect(terms.has('t:abc')).toBe(true);
    expect(terms.has('t:贸易')).toBe(true);
  });
});

describe('planQuery', () => {
  const shape = (q: string) => planQuery(q).alternatives.map((a) => `${a.kind}:${a.terms.join(',')}`);

  it.each([
    ['1 CJK character: one unigram', '伟', ['text:t:伟']],
    ['2 CJK characters: one bigram', '小偉', ['text:t:小伟']],
    ['4 CJK characters: bigrams side by side', '騰訊科技', ['text:t:腾讯,t:科技']],
    ['5 CJK characters: side by side, then the last', '騰訊科技園', ['text:t:腾讯,t:科技,t:技园']],
    ['1 letter', 'W', ['text:t:w', 'initials:i:w']],
    ['2 letters', 'xw', ['text:t:xw', 'pinyin:p:xw', 'initials:i:xw']],
    ['pinyin word', 'xiaowei', ['text:t:xia,t:owe,t:wei', 'pinyin:p:xia,p:owe,p:wei', 'initials:i:xia,i:owe,i:wei']],
    ['spaced pinyin has no initials plan', 'xiao wei', ['text:t:xia,t:iao,t:wei', 'pinyin:p:xia,p:owe,p:wei']],
    ['3 digits', '138', ['text:t:138', 'digits:d:138']],
    ['phone with +86', '+86 138-0013', ['text:t:86,t:138,t:001,t:013', 'digits:d:138,d:001,d:013']],
    ['email fragment', 'wang@tencent', ['text:t:wan,t:ang,t:ten,t:cen,t:ent']],
    ['mixed scripts', 'ABC貿易', ['text:t:abc,t:贸易']],
    ['punctuation only', '@.-', []],
    ['blank', '   ', []],
  ])('%s: %s', (_label, q, expected) => {
    expect(shape(q)).toEqual(expected);
  });

  it('caps a long query at 12 terms per plan, keeping both ends', () => {
    const plan = planQuery('深圳市腾讯计算机系统有限公司北京分公司海淀区中关村大街');
    const terms = plan.alternatives[0]?.terms ?? [];
    expect(terms.length).toBe(12);
    expect(terms[0]).toBe('t:深圳');
    expect(terms[11]).toBe('t:大街');
  });

  it('reports the folded query', () => {
    expect(planQuery('  ＸＩＡＯ  偉 ').folded).toBe('xiao 伟');
  });
});

describe('QueryPlan.verify', () => {
  const doc: SearchDocument = {
    name: '王小偉',
    company: '騰訊科技股份有限公司',
    title: 'Sales Director',
    emails: ['XiaoWei.Wang@tencent.com'],
    phones: ['+8613800138000'],
    wechatId: 'wxw_1988',
    tags: ['VIP', '重點客戶'],
  };
  const pick = (q: string) => planQuery(q).verify(doc).map((m) => [m.field, m.index, m.kind, m.ranges, m.exact, m.prefix]);

  it.each([
    ['name substring in the other script', '小伟', [['name', 0, 'text', [[1, 3]], false, false]]],
    ['exact name', '王小伟', [['name', 0, 'text', [[0, 3]], true, true]]],
    ['full pinyin, spaced', 'xiao wei', [['name', 0, 'pinyin', [[1, 3]], false, false]]],
    ['partial last syllable highlights its character', 'wangxiaow', [['name', 0, 'pinyin', [[0, 3]], false, true]]],
    ['initials inside name, text inside WeChat id', 'xw', [['wechat', 0, 'text', [[1, 3]], false, false], ['name', 0, 'initials', [[1, 3]], false, false]]],
    ['company pinyin', 'tengxun', [['company', 0, 'pinyin', [[0, 2]], false, true]]],
    ['email, case-folded, original offsets', 'wei.wang', [['email', 0, 'text', [[4, 12]], false, false]]],
    ['tag in the other script', '重点', [['tag', 1, 'text', [[0, 2]], false, true]]],
    ['phone, 4 digits', '0013', [['phone', 0, 'digits', [[6, 10]], false, false]]],
    ['phone with country code typed', '+86 13800138000', [['phone', 0, 'digits', [[3, 14]], true, true]]],
    ['pinyin must start on a syllable', 'angxiao', []],
    ['a miss', '李', []],
  ])('%s: %s', (_label, q, expected) => {
    expect(pick(q)).toEqual(expected);
  });

  it.each([
    ['xw', undefined, ['text', 'initials']],
    ['xw', ['text'], ['text']],
    ['xw', ['initials', 'pinyin'], ['initials']],
    ['xw', ['digits'], []],
    ['0013', ['digits'], ['digits']],
    ['0013', ['text'], []],
  ] as const)('%s checked only for the kinds that found it: %j', (q, kinds, expected) => {
    const matches = planQuery(q).verify(doc, kinds && new Set(kinds));
    expect(matches.map((m) => m.kind)).toEqual(expected);
  });

  it('highlights every occurrence', () => {
    const matches = planQuery('a').verify({ name: 'Anna Banana', emails: [], phones: [], tags: [] });
    expect(matches[0]?.ranges).toEqual([
      [0, 1],
      [3, 4],
      [6, 7],
      [8, 9],
      [10, 11],
    ]);
  });
});

describe('IndexTermCache', () => {
  const docs: SearchDocument[] = [
    { name: '王小伟', company: '腾讯科技有限公司', title: '采购经理', emails: ['xiaowei.wang@tencent.com'], phones: ['+8613800138000'], wechatId: 'wxw_2026', tags: ['展会', 'VIP'] },
    { name: '曾小明', company: '腾讯科技有限公司', title: null, emails: [], phones: ['+886912345678', '+8613912345678'], wechatId: null, tags: ['展会'] },
    { name: 'Wei Wang', company: 'Acme Ltd.', title: 'Buyer', emails: ['W.Wang@ACME.com'], phones: [], tags: [] },
    { name: '單小姐', company: null, title: '採購經理', emails: ['shan@x.com.tw'], phones: ['+886227208889'], wechatId: 'shan_88', tags: ['台北展'] },
    { name: '小偉', emails: [], phones: [], tags: [] },
  ];
  const expected = (d: SearchDocument) => new Set(indexTerms(d).map((r) => r.term));

  it('gives the same terms as indexTerms, computed or remembered', () => {
    const cache = new IndexTermCache();
    for (const pass of [1, 2]) for (const d of docs) expect([pass, d.name, cache.terms(d)]).toEqual([pass, d.name, expected(d)]);
  });

  it('starts over when full and still answers the same', () => {
    const cache = new IndexTermCache(2);
    for (const d of [...docs, ...docs]) expect(cache.terms(d)).toEqual(expected(d));
  });
});
