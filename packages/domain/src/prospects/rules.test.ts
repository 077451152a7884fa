import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/locale.js';
import { PROSPECT_RULE_CODES, PROSPECT_RULE_MESSAGES, checkDispositionDates, checkTouchDates } from './rules.js';
import type { ProspectRuleCode } from './rules.js';

describe('checkTouchDates', () => {
  const now = '2026-03-08T12:00:00Z';
  it.each<[string, { at: string; nextContactOn?: string | null }, string, ProspectRuleCode | null]>([
    ['a touch now', { at: now }, 'Asia/Taipei', null],
    ['a touch within clock skew', { at: '2026-03-08T12:04:59Z' }, 'Asia/Taipei', null],
    ['a touch in the future', { at: '2026-03-08T12:05:01Z' }, 'Asia/Taipei', 'TOUCH_IN_FUTURE'],
    ['next contact the same local day', { at: now, nextContactOn: '2026-03-08' }, 'Asia/Taipei', null],
    ['next contact before the touch', { at: now, nextContactOn: '2026-03-07' }, 'Asia/Taipei', 'NEXT_CONTACT_BEFORE_TOUCH'],
    // 02:00Z on 3/8 is still 3/7 in New York, so 3/7 is the touch's own day there.
    ['the touch day is local', { at: '2026-03-08T02:00:00Z', nextContactOn: '2026-03-07' }, 'America/New_York', null],
    [
      'the same instant is already 3/8 in Taipei',
      { at: '2026-03-08T02:00:00Z', nextContactOn: '2026-03-07' },
      'Asia/Taipei',
      'NEXT_CONTACT_BEFORE_TOUCH',
    ],
  ])('%s', (_name, touch, timeZone, code) => {
    expect(checkTouchDates(touch, now, timeZone)).toBe(code);
  });
});

describe('checkDispositionDates', () => {
  it.each<[Parameters<typeof checkDispositionDates>[0], ProspectRuleCode | null]>([
    [{ disposition: 'pause', resumeOn: '2026-03-09' }, null],
    [{ disposition: 'pause', resumeOn: '2026-03-08' }, 'RESUME_DATE_NOT_IN_FUTURE'],
    [{ disposition: 'pause', resumeOn: '2026-01-01' }, 'RESUME_DATE_NOT_IN_FUTURE'],
    [{ disposition: 'pause' }, 'RESUME_DATE_NOT_IN_FUTURE'],
    [{ disposition: 'keep' }, null],
  ])('%j → %s', (change, code) => {
    expect(checkDispositionDates(change, '2026-03-08')).toBe(code);
  });

  it('has a message for every code in every locale', () => {
    for (const code of PROSPECT_RULE_CODES) {
      for (const locale of LOCALES) expect(PROSPECT_RULE_MESSAGES[code][locale]).toMatch(/\S/);
    }
  });
});
