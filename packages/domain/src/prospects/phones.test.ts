import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/locale.js';
import {
  PHONE_FAILURES,
  PHONE_FAILURE_LABELS,
  PhoneRegionSchema,
  ProspectEmail,
  WechatId,
  normalizePhone,
  normalizePhones,
  normalizeProspectEmail,
  validateWechatId,
} from './phones.js';
import type { PhoneFailure, PhoneRegion } from './phones.js';

describe('normalizePhone', () => {
  it.each<[string, PhoneRegion | undefined, string, string]>([
    // Mainland China, typed every way people do.
    ['138 0013 8000', 'CN', '+8613800138000', 'CN'],
    ['138-0013-8000', 'CN', '+8613800138000', 'CN'],
    ['13800138000', 'CN', '+8613800138000', 'CN'],
    ['+86 138 0013 8000', 'CN', '+8613800138000', 'CN'],
    ['+86-138-0013-8000', 'TW', '+8613800138000', 'CN'],
    ['0086 138 0013 8000', 'CN', '+8613800138000', 'CN'],
    ['(010) 6552-9988', 'CN', '+861065529988', 'CN'],
    ['010 6552 9988', 'CN', '+861065529988', 'CN'],
    ['+86 10 6552 9988', undefined, '+861065529988', 'CN'],
    ['１３８ ００１３ ８０００', 'CN', '+8613800138000', 'CN'],
    ['＋８６ １３８００１３８０００', 'TW', '+8613800138000', 'CN'],
    // Taiwan: mobiles with and without the trunk 0, landlines with area codes.
    ['0912 345 678', 'TW', '+886912345678', 'TW'],
    ['0912-345-678', 'TW', '+886912345678', 'TW'],
    ['912345678', 'TW', '+886912345678', 'TW'],
    ['+886 912 345 678', 'TW', '+886912345678', 'TW'],
    ['+886 0912-345-678', 'CN', '+886912345678', 'TW'],
    ['+886-912-345-678', undefined, '+886912345678', 'TW'],
    ['00886 912 345 678', 'TW', '+886912345678', 'TW'],
    ['002 886 912 345 678', 'TW', '+886912345678', 'TW'],
    ['(02) 2722-9000', 'TW', '+886227229000', 'TW'],
    ['02 2722 9000', 'TW', '+886227229000', 'TW'],
    ['  +1 212-555-0100 ', 'TW', '+12125550100', 'US'],
  ])('%j in %s → %s', (raw, region, e164, country) => {
    const r = normalizePhone(raw, region);
    expect(r).toEqual({ ok: true, value: { e164, region: country, extension: null } });
  });

  it('keeps an extension apart from the E.164 number', () => {
    expect(normalizePhone('02 2722 9000 ext. 12', 'TW')).toEqual({
      ok: true,
      value: { e164: '+886227229000', region: 'TW', extension: '12' },
    });
  });

  it.each<[string, PhoneRegion | undefined, PhoneFailure]>([
    ['', 'CN', 'EMPTY'],
    ['   ', 'TW', 'EMPTY'],
    ['abc', 'CN', 'NOT_A_NUMBER'],
    ['12', 'CN', 'TOO_SHORT'],
    ['1380013800012345678', 'CN', 'TOO_LONG'],
    ['0912 345 678', undefined, 'INVALID_COUNTRY'],
    ['13800138000', 'TW', 'INVALID'], // a mainland mobile without +86, read as Taiwanese
    ['+86 123 4567 8901', 'CN', 'INVALID'], // right length, no such number range
  ])('%j in %s fails with %s', (raw, region, reason) => {
    expect(normalizePhone(raw, region)).toEqual({ ok: false, reason });
  });

  it('has a message for every failure in every locale', () => {
    for (const reason of PHONE_FAILURES) {
      for (const locale of LOCALES) expect(PHONE_FAILURE_LABELS[reason][locale]).toMatch(/\S/);
    }
    expect(PHONE_FAILURE_LABELS.TOO_SHORT['zh-Hant']).toBe('電話號碼太短。');
  });
});

describe('normalizePhones', () => {
  it('drops numbers that normalise to the same E.164', () => {
    const r = normalizePhones(['0912-345-678', '+886 912 345 678', '02 2722 9000'], 'TW');
    expect(r.issues).toEqual([]);
    expect(r.phones.map((p) => p.e164)).toEqual(['+886912345678', '+886227229000']);
  });

  it('reports each bad number by position and returns no phones', () => {
    const r = normalizePhones(['0912-345-678', 'abc', '12'], 'TW');
    expect(r.phones).toEqual([]);
    expect(r.issues).toEqual([
      { path: ['phones', 1], reason: 'NOT_A_NUMBER' },
      { path: ['phones', 2], reason: 'TOO_SHORT' },
    ]);
  });
});

describe('PhoneRegionSchema', () => {
  it.each([
    ['tw', true],
    [' CN ', true],
    ['XX', false],
    ['', false],
  ])('%j → %s', (input, ok) => {
    expect(PhoneRegionSchema.safeParse(input).success).toBe(ok);
  });
});

describe('prospect emails', () => {
  it.each<[string, { ok: true; value: string } | { ok: false; reason: string }]>([
    [' Wei@Example.COM ', { ok: true, value: 'wei@example.com' }],
    ['ｗｅｉ@example.com', { ok: true, value: 'wei@example.com' }],
    ['', { ok: false, reason: 'EMPTY' }],
    ['not-an-email', { ok: false, reason: 'INVALID' }],
    ['wei@', { ok: false, reason: 'INVALID' }],
  ])('%j', (raw, expected) => {
    expect(normalizeProspectEmail(raw)).toEqual(expected);
  });

  it('lowercases through the schema and refuses junk with a reason', () => {
    expect(ProspectEmail.parse('Li.Na@Mail.CN')).toBe('li.na@mail.cn');
    const r = ProspectEmail.safeParse('nope');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: 'custom', params: { reason: 'INVALID' } });
  });
});

describe('validateWechatId', () => {
  it.each<[string, string | null, string | null]>([
    ['wxid_abc123', 'wxid_abc123', null],
    ['Wei-2024', 'Wei-2024', null],
    ['  wei_2024  ', 'wei_2024', null],
    ['abcdef', 'abcdef', null], // exactly 6
    ['a'.repeat(20), 'a'.repeat(20), null], // exactly 20
    ['', null, 'EMPTY'],
    ['abcde', null, 'LENGTH'],
    ['a'.repeat(21), null, 'LENGTH'],
    ['1abcdef', null, 'FIRST_CHARACTER'],
    ['_abcdef', null, 'FIRST_CHARACTER'],
    ['微信abcdef', null, 'FIRST_CHARACTER'],
    ['abc def', null, 'CHARACTERS'],
    ['abc.def', null, 'CHARACTERS'],
  ])('%j', (raw, value, reason) => {
    expect(validateWechatId(raw)).toEqual(value === null ? { ok: false, reason } : { ok: true, value });
  });

  it('works as a schema', () => {
    expect(WechatId.parse(' xiaowei_88 ')).toBe('xiaowei_88');
    expect(WechatId.safeParse('88xiaowei').success).toBe(false);
  });
});
