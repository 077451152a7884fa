import { describe, expect, it } from 'vitest';
import { displayPhone, phoneRegionOf, telHref } from './phone-display.js';

describe('showing a stored number to its reader', () => {
  it.each([
    ['+886912345678', 'TW', '0912 345 678'],
    ['+886912345678', 'CN', '+886 912 345 678'],
    ['+8613912345678', 'CN', '139 1234 5678'],
    ['+8613912345678', 'TW', '+86 139 1234 5678'],
    ['+85251234567', 'HK', '5123 4567'],
    ['+14155550150', 'US', '(415) 555-0150'],
    ['+14155550150', 'TW', '+1 415 555 0150'],
  ])('%s to a reader in %s: %s', (e164, region, shown) => expect(displayPhone(e164, region)).toBe(shown));

  it('leaves what it cannot read as it is, and dials E.164', () => {
    expect(displayPhone('not a number', 'TW')).toBe('not a number');
    expect(telHref('+886 912-345-678')).toBe('tel:+886912345678');
  });

  it('takes the user’s region, else their time zone’s, else the installation’s', () => {
    expect(phoneRegionOf({ phoneRegion: 'HK', timeZone: 'Asia/Taipei' }, 'CN')).toBe('HK');
    expect(phoneRegionOf({ phoneRegion: null, timeZone: 'Asia/Taipei' }, 'CN')).toBe('TW');
    expect(phoneRegionOf({ phoneRegion: null, timeZone: 'Europe/Zurich' }, 'CN')).toBe('CN');
    expect(phoneRegionOf({ phoneRegion: null, timeZone: null }, 'CN')).toBe('CN');
  });
});
