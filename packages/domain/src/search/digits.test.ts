import { describe, expect, it } from 'vitest';
import { phoneDigitForms, phoneDigits, queryDigitCandidates, queryDigits } from './digits.js';

describe('phoneDigits', () => {
  it.each([
    ['CN mobile', '+8613800138000', ['13800138000', '8613800138000']],
    ['TW mobile adds the trunk-0 form', '+886912345678', ['912345678', '886912345678', '0912345678']],
    ['CN landline adds the trunk-0 form', '+861012345678', ['1012345678', '861012345678', '01012345678']],
    ['HK has no trunk prefix', '+85261234567', ['61234567', '85261234567']],
    ['unparseable falls back to its digits', '12-34', ['1234']],
    ['no digits at all', 'n/a', []],
  ])('%s: %s', (_label, phone, expected) => {
    expect(phoneDigits(phone)).toEqual(expected);
  });

  it('parses a national number with a default country', () => {
    expect(phoneDigits('138-0013-8000', 'CN')).toEqual(['13800138000', '8613800138000']);
  });

  it('maps digits back to the raw string; the synthetic trunk 0 has no position', () => {
    const forms = phoneDigitForms('+886 912 345 678');
    expect(forms.find((f) => f.digits === '0912345678')?.positions).toEqual([-1, 5, 6, 7, 9, 10, 11, 13, 14, 15]);
    expect(forms.find((f) => f.digits === '886912345678')?.positions.slice(0, 4)).toEqual([1, 2, 3, 5]);
  });
});

describe('queryDigits', () => {
  it.each([
    ['four digits', '0013', '0013'],
    ['spaces', '138 0013', '1380013'],
    ['+86 and a dash', '+86 138-0013', '1380013'],
    ['+86 without a space', '+861380013', '1380013'],
    ['0086 prefix', '0086 138 0013', '1380013'],
    ['+886 Taiwan', '+886 912-345', '912345'],
    ['parentheses and dots', '(0912) 345.678', '0912345678'],
    ['full-width digits and dash', '１３８－００１３', '1380013'],
    ['three digits', '138', '138'],
    ['two digits is not phone-like', '13', null],
    ['a country code alone is not phone-like', '+86', null],
    ['letters are not phone-like', 'wx138', null],
    ['a plus in the middle is not phone-like', '138+0013', null],
    ['empty', '', null],
  ])('%s: %s', (_label, q, expected) => {
    expect(queryDigits(q)).toBe(expected);
  });

  it('keeps both readings of a leading 00', () => {
    expect(queryDigitCandidates('0086 138')).toEqual(['138', '0086138']);
    expect(queryDigitCandidates('0013')).toEqual(['0013']);
  });
});
