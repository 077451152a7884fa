import { describe, expect, it } from 'vitest';
import { foldText } from './fold.js';
import { phoneDigits } from './digits.js';
import { indexTerms, planQuery } from './keys.js';
import { documentReadings } from './verify.js';
import type { SearchDocument } from './types.js';

// Look-alike names in both scripts; phones chosen so that no digit run is shared by accident.
const FIXTURE: Record<string, SearchDocument> = {
  wangXiaoweiT: { name: '王小偉', company: '騰訊科技股份有限公司', title: '採購經理', emails: ['xiaowei.wang@tencent.com'], phones: ['+8613800138000'], wechatId: 'wxw_1988', tags: ['重點客戶'] },
  liXiaoweiS: { name: '李小伟', company: '阿里巴巴集团', title: '销售总监', emails: ['xw.li@alibaba-inc.com'], phones: ['+8613911223344'], tags: ['华东'] },
  xiaoWeiT: { name: '肖偉', company: '台積電', emails: ['wei.xiao@tsmc.com.tw'], phones: ['+886912345678'], tags: [] },
  zhangXiaoweiGuard: { name: '張小衛', company: '華為技術有限公司', emails: ['zhang.xw@huawei.com'], phones: ['+8613755512345'], tags: [] },
  xiaoWeiXiaoT: { name: '蕭偉', company: '鴻海精密', emails: ['hsiao@foxconn.com'], phones: ['+886223456789'], tags: [] },
  linXiaowei: { name: '林曉薇', company: '小米科技', emails: ['linxw@xiaomi.com'], phones: ['+8615011112222'], tags: [] },
  zengSurname: { name: '曾小明', company: '平安保险', emails: [], phones: ['+8618622223333'], tags: [] },
  zengLookalike: { name: '增小明', company: null, emails: [], phones: ['+8618644445555'], tags: [] },
  shanSurname: { name: '單先生', emails: [], phones: ['+85261234567'], tags: [] },
  danCompany: { name: 'Mary Chen', company: '简单科技', emails: ['mary@jiandan.io'], phones: [], tags: [] },
  fullWidth: { name: 'Ｔｏｎｙ 陳', company: 'ＡＢＣ貿易', emails: [], phones: [], tags: [] },
};

/** The inverted table in memory: term → ids, intersected per alternative, then verified. */
function buildIndex(docs: Record<string, SearchDocument>) {
  const postings = new Map<string, Set<string>>();
  for (const [id, doc] of Object.entries(docs)) {
    for (const { term } of indexTerms(doc)) {
      let ids = postings.get(term);
      if (!ids) postings.set(term, (ids = new Set()));
      ids.add(id);
    }
  }
  return (q: string): string[] => {
    const plan = planQuery(q);
    const candidates = new Set<string>();
    for (const alt of plan.alternatives) {
      const lists = alt.terms.map((t) => postings.get(t) ?? new Set<string>());
      const [first, ...rest] = lists;
      for (const id of first ?? []) if (rest.every((l) => l.has(id))) candidates.add(id);
    }
    return [...candidates].filter((id) => plan.verify(docs[id] as SearchDocument).length > 0).sort();
  };
}

const search = buildIndex(FIXTURE);
const ALL_XIAOWEI = ['linXiaowei', 'liXiaoweiS', 'wangXiaoweiT', 'xiaoWeiT', 'xiaoWeiXiaoT', 'zhangXiaoweiGuard'].sort();

describe('search over the fixture', () => {
  it.each([
    ['1 character, simplified query, both scripts in data', '伟', ['liXiaoweiS', 'wangXiaoweiT', 'xiaoWeiT', 'xiaoWeiXiaoT']],
    ['1 character, traditional query', '偉', ['liXiaoweiS', 'wangXiaoweiT', 'xiaoWeiT', 'xiaoWeiXiaoT']],
    ['2 characters, simplified query for traditional data', '小伟', ['liXiaoweiS', 'wangXiaoweiT']],
    ['2 characters, traditional query for simplified data', '小偉', ['liXiaoweiS', 'wangXiaoweiT']],
    ['look-alike 萧 is not 肖', '萧伟', ['xiaoWeiXiaoT']],
    ['look-alike 卫 is not 伟', '小卫', ['zhangXiaoweiGuard']],
    ['4 characters, simplified query for traditional company', '腾讯科技', ['wangXiaoweiT']],
    ['traditional query for simplified company', '阿里巴巴集團', ['liXiaoweiS']],
    ['company in the other script', '华为', ['zhangXiaoweiGuard']],
    ['title in the other script', '采购', ['wangXiaoweiT']],
    ['tag in the other script', '重点', ['wangXiaoweiT']],
    ['surname character, not its homophone', '曾', ['zengSurname']],
    ['initials', 'xw', ALL_XIAOWEI],
    ['full pinyin', 'xiaowei', ALL_XIAOWEI],
    ['spaced pinyin', 'xiao wei', ALL_XIAOWEI],
    ['capitalised pinyin', 'XiaoWei', ALL_XIAOWEI],
    ['surname reading 曾 zeng, shared by 增', 'zengxiaoming', ['zengLookalike', 'zengSurname']],
    ['曾 as a surname is not ceng', 'cengxiaoming', []],
    ['surname initials', 'zxm', ['zengLookalike', 'zengSurname']],
    ['單 as a surname reads shan', 'shan', ['shanSurname']],
    ['單 as a surname is not dan; 单 in a company word is', 'dan', ['danCompany']],
    ['surname initials sxs', 'sxs', ['shanSurname']],
    ['wrong surname initials dxs', 'dxs', []],
    ['company initials', 'tx', ['wangXiaoweiT']],
    ['company pinyin', 'huawei', ['zhangXiaoweiGuard']],
    ['4 phone digits', '0013', ['wangXiaoweiT']],
    ['7 phone digits with a space', '138 0013', ['wangXiaoweiT']],
    ['7 phone digits, plain', '1380013', ['wangXiaoweiT']],
    ['7 digits with +86 and a dash', '+86 138-0013', ['wangXiaoweiT']],
    ['7 digits with 0086', '0086 1380013', ['wangXiaoweiT']],
    ['TW mobile, national form with trunk 0', '0912 345', ['xiaoWeiT']],
    ['TW mobile with +886', '+886 912-345', ['xiaoWeiT']],
    ['TW landline, national form', '02-2345', ['xiaoWeiXiaoT']],
    ['HK mobile', '6123 4567', ['shanSurname']],
    ['4 digits shared by no one else', '1111', ['linXiaowei']],
    ['email fragment', 'foxconn.c', ['xiaoWeiXiaoT']],
    ['email domain fragment', '@tsmc', ['xiaoWeiT']],
    ['email local part across a dot', 'xw.li', ['liXiaoweiS']],
    ['WeChat id fragment', '1988', ['wangXiaoweiT']],
    ['full-width query against half-width data', 'ＴＳＭＣ', ['xiaoWeiT']],
    ['half-width query against full-width data', 'abc', ['fullWidth']],
    ['Latin name prefix', 'ton', ['fullWidth']],
    ['miss, Chinese', '不存在', []],
    ['miss, Latin', 'qwerty', []],
    ['miss, digits', '999 999', []],
  ])('%s: %s', (_label, q, expected) => {
    expect(search(q)).toEqual(expected);
  });

  it('finds the same documents as verifying every document (the index never drops a hit)', () => {
    const queries = ['伟', '小', '科技', 'wei', 'xi', 'x', 'w', 'an', 'com', '13', '138', '000', 'ｗｅｉ', 'ming', 'chen'];
    for (const q of queries) {
      const plan = planQuery(q);
      const brute = Object.keys(FIXTURE)
        .filter((id) => plan.verify(FIXTURE[id] as SearchDocument).length > 0)
        .sort();
      expect(search(q), q).toEqual(brute);
    }
  });
});

describe('any fragment is findable through the index', () => {
  const substrings = (s: string, maxLen: number): string[] => {
    const chars = [...s];
    const out: string[] = [];
    for (let i = 0; i < chars.length; i++) for (let n = 1; n <= maxLen && i + n <= chars.length; n++) out.push(chars.slice(i, i + n).join(''));
    return out;
  };

  it.each(Object.entries(FIXTURE))('%s: every text substring (1–6 characters)', (id, doc) => {
    const values = [doc.name, doc.company, doc.title, doc.wechatId, ...doc.emails, ...doc.tags].filter((v): v is string => !!v);
    for (const value of values) {
      for (const sub of substrings(foldText(value), 6)) {
        if (planQuery(sub).alternatives.length === 0) continue; // punctuation-only: nothing to look up
        expect(search(sub), `${value} ⊃ ${sub}`).toContain(id);
      }
    }
  });

  it.each(Object.entries(FIXTURE))('%s: every run of 3+ digits of every phone form', (id, doc) => {
    for (const form of doc.phones.flatMap((p) => phoneDigits(p))) {
      for (const sub of substrings(form, form.length).filter((s) => s.length >= 3)) expect(search(sub), sub).toContain(id);
    }
  });

  it.each(Object.entries(FIXTURE))('%s: every syllable-initial piece of every indexed reading', (id, doc) => {
    for (const r of documentReadings(doc).flatMap(([, readings]) => readings)) {
      let at = 0;
      for (const s of r.syllables) {
        for (let end = at + 2; end <= Math.min(r.full.length, at + 12); end++) expect(search(r.full.slice(at, end)), r.full.slice(at, end)).toContain(id);
        at += s.length;
      }
    }
  });
});
