import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/locale.js';
import { OUTCOMES, outcomeOf } from './enums.js';
import type { Outcome } from './enums.js';
import { DISPOSITION_LABELS, OUTCOME_LABELS, PROSPECT_LABELS, prospectLabel } from './labels.js';

describe('outcomeOf', () => {
  // The article's 結果 paragraph: sale+relationship 圓滿, sale only 及格, relationship only 成功, neither 失敗.
  it.each<[boolean, boolean, Outcome, string]>([
    [true, true, 'complete', '圓滿'],
    [true, false, 'pass', '及格'],
    [false, true, 'success', '成功'],
    [false, false, 'failure', '失敗'],
  ])('sale %s, relationship %s → %s (%s)', (sale, kept, outcome, zhHant) => {
    expect(outcomeOf(sale, kept)).toBe(outcome);
    expect(OUTCOME_LABELS[outcomeOf(sale, kept)]['zh-Hant']).toBe(zhHant);
  });

  it('maps the four combinations onto four different outcomes', () => {
    const all = [outcomeOf(true, true), outcomeOf(true, false), outcomeOf(false, true), outcomeOf(false, false)];
    expect(new Set(all)).toEqual(new Set(OUTCOMES));
  });
});

describe('labels', () => {
  it('labels every enum value in every locale', () => {
    for (const [kind, table] of Object.entries(PROSPECT_LABELS)) {
      for (const [value, label] of Object.entries(table)) {
        for (const locale of LOCALES) {
          expect(label[locale].trim(), `${kind}.${value}.${locale}`).not.toBe('');
        }
      }
    }
  });

  it.each([
    ['outcome', 'complete', '圓滿', '圆满', 'Complete'],
    ['outcome', 'failure', '失敗', '失败', 'Failure'],
    ['disposition', 'continue', '繼續訪問', '继续访问', 'Keep visiting'],
    ['disposition', 'pause', '暫隔一段時間再訪', '暂隔一段时间再访', 'Pause, revisit later'],
    ['disposition', 'keep', '不放棄', '不放弃', 'Never give up (long cycle)'],
    ['disposition', 'dropped', '放棄', '放弃', 'Dropped'],
    ['grade', 'A', 'A 級', 'A 级', 'A (most likely)'],
    ['touchKind', 'revisit', '回訪', '回访', 'Revisit'],
  ] as const)('%s.%s reads %s / %s / %s', (kind, value, hant, hans, en) => {
    expect(prospectLabel(kind, value as never, 'zh-Hant')).toBe(hant);
    expect(prospectLabel(kind, value as never, 'zh-Hans')).toBe(hans);
    expect(prospectLabel(kind, value as never, 'en')).toBe(en);
  });

  it('keeps traditional and simplified labels apart where the characters differ', () => {
    expect(DISPOSITION_LABELS.keep['zh-Hant']).not.toBe(DISPOSITION_LABELS.keep['zh-Hans']);
  });

  it('throws on a value that has no label', () => {
    expect(() => prospectLabel('grade', 'D' as never, 'en')).toThrow(RangeError);
  });
});
