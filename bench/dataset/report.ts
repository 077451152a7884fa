import type { DatasetMarker } from './marker.js';

export type LoadReport =
  | { skipped: true; marker: DatasetMarker }
  | { skipped: false; marker: DatasetMarker; insertSeconds: number; indexSeconds: number; rows: Record<string, number> };
