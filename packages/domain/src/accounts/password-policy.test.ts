import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.js';

describe('password policy', () => {
  it.each([
    ['short1', null, 'PASSWORD_TOO_SHORT'],
    ['1234567890', null, 'PASSWORD_TOO_COMMON'],
    ['qwertyuiop', null, 'PASSWORD_TOO_COMMON'],
    ['QWERTYUIOP', null, 'PASSWORD_TOO_COMMON'],
    ['wei@example.com', 'Wei@Example.com', 'PASSWORD_SAME_AS_EMAIL'],
    ['x'.repeat(1025), null, 'PASSWORD_TOO_LONG'],
    ['蓄水養魚培養將來客戶', null, null],
    ['correct horse battery staple', null, null],
    ['a'.repeat(1024), null, null],
  ])('%s → %s', (password, email, expected) => {
    expect(checkPassword(password, email ?? undefined)).toBe(expected);
  });
});
