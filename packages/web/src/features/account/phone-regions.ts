import { phoneRegionOf } from '@pond/domain/phone-display';
import type { Me } from '../../api/types.js';
import { PHONE_REGIONS } from '../../app/phone-examples.js';

/** "台灣 / TW": a region's name in the user's language, with its code. */
export function regionLabel(region: string, locale: string): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([locale], { type: 'region' }).of(region);
  } catch {
    name = undefined;
  }
  return name && name !== region ? `${name} / ${region}` : region;
}

/** The regions offered, with the user's own choice even when it is not among them (set through the API). */
export function regionChoices(user: Me): string[] {
  return user.phoneRegion && !PHONE_REGIONS.includes(user.phoneRegion) ? [...PHONE_REGIONS, user.phoneRegion] : [...PHONE_REGIONS];
}

/**
 * The region that following a time zone gives, as the server works it out: the zone's, else the installation's.
 * The installation's is known only when the server fell back to it for this user; '' when it cannot be told.
 */
export function followedRegion(user: Me, timeZone: string | null): string {
  const zoneRegion = (tz: string | null) => phoneRegionOf({ phoneRegion: null, timeZone: tz }, '');
  const installation = user.phoneRegion === null && !zoneRegion(user.timeZone) ? user.phoneRegionInUse : '';
  return zoneRegion(timeZone) || installation;
}
