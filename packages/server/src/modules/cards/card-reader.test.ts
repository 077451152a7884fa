import { prepareCards } from '@pond/domain';
import { describe, expect, it } from 'vitest';
import { readCardsOffThread } from './card-reader.js';

const defaults = { grade: 'unrated' as const, source: 'import' as const, tags: [] };
const file = (n: number) => ['Name,Mobile', ...Array.from({ length: n }, (_, i) => `客戶${i},139${String(10_000_000 + i)}`)].join('\n');

describe('reading a card file off the main thread', () => {
  it('gives what reading it in place gives', async () => {
    const text = file(2_000);
    const off = await readCardsOffThread(text, undefined, 100_000, defaults, 'CN', 0);
    expect(off).toEqual(prepareCards(text, undefined, 100_000, defaults, 'CN'));
    expect(off.ok && off.cards.length).toBe(2_000);
  });

  it('gives skipped cards and warnings as reading in place does', async () => {
    const card = (i: number) => `BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=AE=A2=E6=88=B6${i}\r\nTEL;CELL:1.39123E+10\r\nEMAIL:c${i}@example.com\r\nEND:VCARD\r\n`;
    const text = Array.from({ length: 200 }, (_, i) => card(i)).join('') + 'BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:G\r\nEND:VCARD\r\n';
    const off = await readCardsOffThread(text, undefined, 100_000, defaults, 'CN', 0);
    expect(off).toEqual(prepareCards(text, undefined, 100_000, defaults, 'CN'));
    expect(off.ok && off.cards.at(-1)).toMatchObject({ skipped: 'GROUP' });
    expect(off.ok && off.cards[0]).toMatchObject({ name: '客戶0', result: { ok: true, warnings: [{ reason: 'DIGITS_LOST' }] } });
  });

  it('leaves the event loop free while a large file is read', async () => {
    const text = file(20_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await readCardsOffThread(text, undefined, 100_000, defaults, 'CN', 0);
    } finally {
      clearInterval(timer);
    }
    // Read in place, the whole parse would run inside one turn of the loop and no tick could happen.
    expect(ticks).toBeGreaterThan(0);
    ticks = 0;
    const inPlace = setInterval(() => ticks++, 1);
    await readCardsOffThread(text, undefined, 100_000, defaults, 'CN', Infinity);
    clearInterval(inPlace);
    expect(ticks).toBe(0);
  });

  it('refuses a file over the limit before checking any card', async () => {
    expect(await readCardsOffThread(file(30), undefined, 20, defaults, 'CN', 0)).toEqual({ ok: false, problem: 'TOO_MANY' });
  });
});
