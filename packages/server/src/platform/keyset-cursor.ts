import { AppError } from '@pond/domain';

/**
 * A list's keyset cursor: the sort value of the last row shown (an instant) and its id, opaque to the caller. A cursor
 * that is not one of ours is a 400 naming the query's `cursor`.
 */
export const keysetCursor = {
  encode(at: string, id: number): string {
    return Buffer.from(JSON.stringify([at, id])).toString('base64url');
  },
  decode(raw: string): { at: string; id: number } {
    try {
      const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
      if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && Number.isSafeInteger(v[1])) return { at: v[0], id: v[1] as number };
    } catch {
      // Answered below.
    }
    throw new AppError('VALIDATION_FAILED', { details: [{ path: ['query', 'cursor'], message: 'not a cursor of this list' }] });
  },
};
