import type { Rng } from '../lib/rng.js';
import * as v from './vocabulary.js';

/** 0 = traditional script (mostly Taiwan), 1 = simplified (mostly mainland). */
export type Script = 0 | 1;

const CN_MOBILE = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153',
  '155', '156', '157', '158', '159', '177', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '199'];

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

/** A mobile number in E.164: +86 1xx xxxx xxxx or +886 9xx xxx xxx; traditional-script names lean Taiwanese. */
export function makePhone(rng: Rng, script: Script): string {
  const taiwan = script === 0 ? rng.chance(0.75) : rng.chance(0.08);
  if (taiwan) return `+8869${rng.int(10, 89)}${digits(rng, 6)}`;
  return `+86${rng.pick(CN_MOBILE)}${digits(rng, 8)}`;
}

export function makeEmail(rng: Rng, script: Script, surname: string, given: string, companyPinyin: string | null): string {
  const style = rng.int(0, 3);
  const local =
    style === 0 ? `${given}.${surname}` :
    style === 1 ? `${surname}${given}${rng.int(1, 999)}` :
    style === 2 ? `${surname[0]}${given}${rng.int(70, 99)}` : `${given}${surname}`;
  if (companyPinyin && rng.chance(0.4)) return `${local}@${companyPinyin}.${script === 0 ? 'com.tw' : 'com.cn'}`;
  return `${local}@${rng.pick(script === 0 ? v.EMAIL_DOMAINS_TW : v.EMAIL_DOMAINS_CN)}`;
}

export function makeCompany(rng: Rng, script: Script): { name: string; pinyin: string } {
  const core = rng.pick(v.COMPANY_CORES);
  const industry = rng.pick(v.INDUSTRIES)[script];
  const city = rng.chance(0.6) ? rng.pick(script === 0 ? v.CITIES_TW : v.CITIES_CN)[script] : '';
  const legal = script === 0 ? rng.pick(v.LEGAL_FORMS_TW) : rng.pick(v.LEGAL_FORMS_CN)[1];
  return { name: `${city}${core[script]}${industry}${legal}`, pinyin: core[2] };
}

export function makeAddress(rng: Rng, script: Script): string {
  const city = rng.pick(script === 0 ? v.CITIES_TW : v.CITIES_CN)[script];
  const number = rng.int(1, 399);
  return `${city}${script === 0 ? '市' : '市'}${rng.pick(v.DISTRICTS)[script]}${rng.pick(v.ROADS)[script]}${number}${script === 0 ? '號' : '号'}`;
}

export function makeWechat(rng: Rng, script: Script, pinyin: string): string | null {
  if (!rng.chance(script === 1 ? 0.45 : 0.15)) return null;
  return rng.chance(0.5) ? `wxid_${digits(rng, 10)}` : `${pinyin}${rng.int(10, 9999)}`;
}
