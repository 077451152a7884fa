import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/min';
import { useI18n } from '../i18n/i18n-context.js';
import { useUser } from '../features/auth/session.js';

/**
 * A mobile number of each region as its people write it, which is also how Pond shows it to them: the example in
 * the forms' phone fields. Its regions are the ones the account page offers, in this order.
 */
const EXAMPLES: Record<string, string> = {
  TW: '0912 345 678',
  CN: '139 1234 5678',
  HK: '5123 4567',
  MO: '6612 3456',
  SG: '8123 4567',
  MY: '012-345 6789',
  US: '(201) 555-0123',
  CA: '(201) 555-0123',
  JP: '090-1234-5678',
  KR: '010-1234-5678',
  GB: '07400 123456',
  AU: '0412 345 678',
  TH: '081 234 5678',
  VN: '0912 345 678',
  PH: '0905 123 4567',
  ID: '0812-345-678',
  DE: '01512 3456789',
  FR: '06 12 34 56 78',
};

export const PHONE_REGIONS: readonly string[] = Object.keys(EXAMPLES);

/** A region's country calling code ('886'), or null for a region the phone library does not know. */
export function callingCode(region: string): string | null {
  try {
    return getCountryCallingCode(region as CountryCode);
  } catch {
    return null;
  }
}

/** How a number of the region is typed there; elsewhere, with its country code. */
export function phoneExample(region: string): string {
  const code = callingCode(region);
  return EXAMPLES[region] ?? (code ? `+${code} …` : '+…');
}

/** "e.g. 0912 345 678" for a phone field, in the signed-in user's phone region. */
export function usePhonePlaceholder(): string {
  const { t } = useI18n();
  const { phoneRegionInUse } = useUser();
  return t('phone.placeholder', { example: phoneExample(phoneRegionInUse) });
}
