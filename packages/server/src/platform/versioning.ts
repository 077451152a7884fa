import { AppError } from '@pond/domain';

/**
 * The version an update is based on, from the body's `version` or an If-Match header ("3" or W/"3").
 * Missing → 428, so no client can overwrite a record it never read.
 */
export function requireVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  if (bodyVersion !== undefined) return bodyVersion;
  const m = ifMatch?.match(/^(?:W\/)?"?(\d+)"?$/);
  if (m?.[1]) return Number(m[1]);
  throw new AppError('VERSION_REQUIRED');
}
