import type { DatasetCounts } from './generate.js';

/** Bumped whenever the generator changes what it writes, so old datasets are regenerated. */
export const GENERATOR_VERSION = 5;
export const MARKER_KEY = 'bench_dataset';

/** Stored in settings under 'bench_dataset' once a load completes. */
export interface DatasetMarker {
  scale: number;
  seed: number;
  today: string;
  generator: number;
  generatedAt: string;
  counts: DatasetCounts;
  loadSeconds: number;
}

export function markerMatches(marker: DatasetMarker | null, scale: number, seed: number): boolean {
  return marker !== null && marker.scale === scale && marker.seed === seed && marker.generator === GENERATOR_VERSION;
}

export function parseMarker(json: string | undefined | null): DatasetMarker | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as DatasetMarker;
  } catch {
    return null;
  }
}
