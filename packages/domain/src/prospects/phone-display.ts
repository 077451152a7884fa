import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Showing a stored number (E.164) to a reader: in their national format when it is a number of their region, in
 * international format otherwise, so a salesperson in Taipei reads 0912 345 678 and +86 139 1234 5678. The web
 * imports this file alone (`@pond/domain/phone-display`, the small metadata): formatting needs no validation data.
 */
export function displayPhone(e164: string, viewerRegion: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === viewerRegion ? parsed.formatNational() : parsed.formatInternational();
}

/** The `tel:` link of a stored number: E.164 dials from anywhere. */
export function telHref(e164: string): string {
  return `tel:${e164.replace(/[^+\d]/g, '')}`;
}

/** Where a time zone most likely is, for the phone region of a user who has not chosen one. */
const ZONE_REGIONS: Record<string, string> = {
  'Asia/Taipei': 'TW',
  'Asia/Shanghai': 'CN',
  'Asia/Chongqing': 'CN',
  'Asia/Harbin': 'CN',
  'Asia/Urumqi': 'CN',
  'Asia/Hong_Kong': 'HK',
  'Asia/Macau': 'MO',
  'Asia/Singapore': 'SG',
  'Asia/Kuala_Lumpur': 'MY',
  'Asia/Tokyo': 'JP',
  'Asia/Seoul': 'KR',
  'Asia/Bangkok': 'TH',
  'Asia/Ho_Chi_Minh': 'VN',
  'Asia/Manila': 'PH',
  'Asia/Jakarta': 'ID',
  'America/New_York': 'US',
  'America/Chicago': 'US',
  'America/Denver': 'US',
  'America/Phoenix': 'US',
  'America/Los_Angeles': 'US',
  'America/Anchorage': 'US',
  'Pacific/Honolulu': 'US',
  'America/Toronto': 'CA',
  'America/Vancouver': 'CA',
  'Europe/London': 'GB',
  'Europe/Berlin': 'DE',
  'Europe/Paris': 'FR',
  'Australia/Sydney': 'AU',
  'Australia/Melbourne': 'AU',
};

/** The phone region in use: the user's choice, else their time zone's, else the installation's. */
export function phoneRegionOf(user: { phoneRegion: string | null; timeZone: string | null }, installation: string): string {
  return user.phoneRegion ?? (user.timeZone ? ZONE_REGIONS[user.timeZone] : undefined) ?? installation;
}
