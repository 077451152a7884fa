import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';

/** A digit string to index, with the position in the raw phone string of every digit (-1: not in it). */
export interface PhoneDigitForm {
  digits: string;
  positions: number[];
}

const DECIMAL_DIGIT = /\p{Nd}/u;

/** Digits of the raw string (full-width and other decimal digits folded to ASCII) with their offsets. */
function rawDigits(raw: string): PhoneDigitForm {
  let digits = '';
  const positions: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] ?? '';
    if (ch >= '0' && ch <= '9') {
      digits += ch;
      positions.push(i);
    } else if (DECIMAL_DIGIT.test(ch)) {
      const ascii = ch.normalize('NFKC');
      if (/^[0-9]$/.test(ascii)) {
        digits += ascii;
        positions.push(i);
      }
    }
  }
  return { digits, positions };
}

/** Position map for a variant: the digits it shares with the end of the raw string, -1 for the rest. */
function align(variant: string, raw: PhoneDigitForm): PhoneDigitForm {
  const positions: number[] = new Array<number>(variant.length).fill(-1);
  let v = variant.length - 1;
  let r = raw.digits.length - 1;
  while (v >= 0 && r >= 0 && variant[v] === raw.digits[r]) {
    positions[v] = raw.positions[r] ?? -1;
    v--;
    r--;
  }
  return { digits: variant, positions };
}

/**
 * Every digit form of a phone number worth indexing, each with a map back to the raw string:
 * the national significant number, the same with country code, and the national dialling form
 * when it adds a trunk prefix (Taiwan 0912345678, Chinese landlines 010…).
 * Unparseable input yields its bare digits, if any.
 */
export function phoneDigitForms(e164OrRaw: string, defaultCountry?: CountryCode): PhoneDigitForm[] {
  const raw = rawDigits(e164OrRaw);
  const parsed = raw.digits.length > 0 ? parsePhoneNumberFromString(e164OrRaw, defaultCountry) : undefined;
  if (!parsed) return raw.digits.length > 0 ? [raw] : [];
  const nsn = parsed.nationalNumber;
  const variants = [nsn, `${parsed.countryCallingCode}${nsn}`];
  const national = parsed.formatNational().replace(/\D/g, '');
  variants.push(national);
  return [...new Set(variants)].filter((v) => v.length > 0).map((v) => align(v, raw));
}

/**
 * The digit strings to index for a phone number: e.g. '+8613800138000' →
 * ['13800138000', '8613800138000']; '+886912345678' → ['912345678', '886912345678', '0912345678'].
 * `defaultCountry` only matters for numbers stored without a country code.
 */
export function phoneDigits(e164OrRaw: string, defaultCountry?: CountryCode): string[] {
  return phoneDigitForms(e164OrRaw, defaultCountry).map((f) => f.digits);
}

let callingCodes: Set<string> | undefined;

function isCallingCode(code: string): boolean {
  callingCodes ??= new Set(getCountries().map((c) => getCountryCallingCode(c)));
  return callingCodes.has(code);
}

// What people put between digits when typing or pasting a number.
const PHONE_QUERY = /^\+?[0-9\s\-‐-―().·/]+$/u;
const MIN_QUERY_DIGITS = 3;

/**
 * Every digit string a phone-like query could mean, the most likely first; [] when the query
 * is not phone-like (fewer than 3 digits, or anything other than digits, spaces, dashes,
 * parentheses, dots and a leading '+'). A typed country code (+86, +886) is dropped so the
 * query meets the national form. A leading 00 might be an international prefix (0086…) or just
 * digits (…0013), so both readings are returned.
 */
export function queryDigitCandidates(q: string): string[] {
  const s = q.normalize('NFKC').trim();
  if (!PHONE_QUERY.test(s)) return [];
  const digits = s.replace(/\D/g, '');
  const plus = s.startsWith('+');
  const idd = !plus && digits.startsWith('00');
  const out: string[] = [];
  if (plus || idd) {
    const rest = digits.slice(plus ? 0 : 2);
    const code = [1, 2, 3].map((n) => rest.slice(0, n)).find((c) => c.length > 0 && isCallingCode(c));
    const national = code ? rest.slice(code.length) : rest;
    if (national.length >= MIN_QUERY_DIGITS) out.push(national);
    else if (plus && rest.length >= MIN_QUERY_DIGITS) out.push(rest);
  }
  if (!plus && digits.length >= MIN_QUERY_DIGITS) out.push(digits);
  return [...new Set(out)];
}

/**
 * The digits of a phone-like query ('138 0013' → '1380013', '+86 138-0013' → '1380013'),
 * or null when the query is not phone-like. See {@link queryDigitCandidates}.
 */
export function queryDigits(q: string): string | null {
  return queryDigitCandidates(q)[0] ?? null;
}
