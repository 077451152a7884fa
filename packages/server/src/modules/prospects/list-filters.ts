import { AGENDA_BUCKETS, DISPOSITIONS, EXPECTED_CLOSES, GRADES, IMPORTANCES, STAGES, Tag } from '@pond/domain';
import { z } from 'zod';

/** A query value given once or repeated (?grade=A&grade=B) or comma-separated (?grade=A,B). */
const many = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)))
    .optional();
const flag = z.enum(['true', 'false']).transform((v) => v === 'true').optional();

/**
 * The prospect list's filters as a query string spells them. The list adds its sort and page to them; the
 * export and `pond prospects export` take exactly these, so a file holds what the list shows.
 */
export const ListFilterQuery = z.strictObject({
  grade: many(GRADES),
  importance: many(IMPORTANCES),
  expectedClose: many(EXPECTED_CLOSES),
  disposition: many(DISPOSITIONS),
  stage: many(STAGES),
  ownerId: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map(Number))
    .pipe(z.array(z.number().int().positive()))
    .optional(),
  pool: flag,
  tag: Tag.optional(),
  touchedOnce: flag,
  due: z.enum(AGENDA_BUCKETS).optional(),
  q: z.string().max(100).optional(),
  archived: flag,
});
export type ListFilterQuery = z.output<typeof ListFilterQuery>;
