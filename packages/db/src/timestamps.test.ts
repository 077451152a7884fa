import { describe, expect, it } from 'vitest';
import { toIso, toIsoGeneral } from './create-db.js';

describe('timestamps from PostgreSQL', () => {
  it('rearranges UTC text exactly as parsing it would, and parses everything else', () => {
    const fixed = [
      '2026-11-27 20:34:29.742223+00',
      '2026-01-02 03:04:05+00',
      '2025-12-31 23:59:59.9999+00',
      '2024-02-29 12:00:00.5+00',
      '2026-11-27 20:34:29.742223', // timestamp without time zone: UTC
      '1000-01-01 00:00:00+00',
      '9999-12-31 23:59:59.999999+00',
      // Not UTC text: the general path.
      '2026-11-27 20:34:29.742223+08',
      '2026-11-27 20:34:29-05:30',
      '2026-11-27T20:34:29.742Z',
    ];
    let seed = 20261127;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const pad = (v: number, n = 2) => String(v).padStart(n, '0');
    const random = Array.from({ length: 3_000 }, () => {
      const at = new Date(Date.UTC(1000 + next(9000), next(12), 1 + next(28), next(24), next(60), next(60)));
      const digits = next(7);
      // PostgreSQL prints up to six fraction digits and drops trailing zeros.
      const fraction = digits ? `.${String(next(10 ** digits)).padStart(digits, '0')}`.replace(/0+$/, '').replace(/\.$/, '') : '';
      const day = `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
      return `${day} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}${fraction}${next(4) ? '+00' : ''}`;
    });
    for (const v of [...fixed, ...random]) expect(toIso(v), v).toBe(toIsoGeneral(v));
  });
});
