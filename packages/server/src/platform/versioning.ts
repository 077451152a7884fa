import { AppError } from '@pond/domain';

/** The version an update is based on, from the body's `version` or an If-Match header ("3" or W/"3"). */
export function versionFrom(bodyVersion: number | undefined, ifMatch: string | undefined): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const m = ifMatch?.match(/^(?:W\/)?"?(\d+)"?$/);
  return m?.[1] ? Number(m[1]) : undefined;
}

/**
 * Refuses an update that does not say which version it was based on (428), so no client can
 * overwrite a record it never read. Services call it after the visibility check, so a record the
 * actor may not see still answers 404 first. `null` marks a trusted operator (the CLI).
 */
export function assertVersion(version: number | undefined, current: number, currentView: unknown, operator: boolean): void {
  if (version === undefined) {
    if (operator) return;
    throw new AppError('VERSION_REQUIRED');
  }
  if (version !== current) throw new AppError('STALE_VERSION', { details: { current: currentView } });
}
