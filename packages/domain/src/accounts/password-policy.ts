import { dictionary } from '@zxcvbn-ts/language-common';
import type { ErrorCode } from '../errors.js';

export const PASSWORD_MIN_LENGTH = 10;
/** Long passphrases are welcome; the cap only keeps hashing bounded. */
export const PASSWORD_MAX_LENGTH = 1024;
/** The ranked list starts with the most used; the first 10,000 are refused. */
export const COMMON_PASSWORD_COUNT = 10_000;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary.passwords as string[]).slice(0, COMMON_PASSWORD_COUNT).map((p) => p.toLowerCase()));
  return common;
}

/** Returns the catalogue code of the first rule the password breaks, or null when it is acceptable. */
export function checkPassword(password: string, email?: string): ErrorCode | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (length > PASSWORD_MAX_LENGTH) return 'PASSWORD_TOO_LONG';
  const folded = password.toLowerCase();
  if (commonPasswords().has(folded)) return 'PASSWORD_TOO_COMMON';
  if (email && folded === email.trim().toLowerCase()) return 'PASSWORD_SAME_AS_EMAIL';
  return null;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
