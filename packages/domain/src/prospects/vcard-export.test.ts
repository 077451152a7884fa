import { describe, expect, it } from 'vitest';
import { cardToInput, readCards } from './cards.js';
import type { ExportCard } from './export-columns.js';
import { prospectsVcard } from './vcard-export.js';

const book: ExportCard[] = [
  {
    name: '王小偉',
    company: '騰訊科技; 深圳分公司',
    title: '經理, 華南區',
    phones: ['+8613800138000', '+886912345678'],
    emails: ['xw@example.com'],
    wechatId: 'wxw_2026',
    address: '台北市信義路五段7號',
    notes: '車展認識\n想換七人座，預算一百萬；下月回訪',
    tags: ['VIP', '展會'],
    grade: 'A',
  },
  { name: 'Pat O\'Brien', company: null, title: null, phones: ['+12025550143'], emails: [], wechatId: null, address: null, notes: null, tags: [], grade: 'unrated' },
  // A long name and notes in CJK: folded at 75 octets without cutting a character.
  { name: '歐陽'.repeat(20), company: null, title: null, phones: [], emails: ['long@example.com'], wechatId: null, address: null, notes: '很長的備註'.repeat(30), tags: [], grade: 'C' },
];

describe('vCard 3.0 export', () => {
  it('is read back by Pond’s own importer, field for field', () => {
    const text = prospectsVcard(book);
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const read = readCards(text);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const back = read.records.map((card) => {
      const r = cardToInput(card, { grade: 'unrated', source: 'import', tags: [] }, 'CN');
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      const { name, company, title, phones, emails, wechatId, address, notes, tags, grade } = r.input;
      return { name, company: company ?? null, title: title ?? null, phones, emails, wechatId: wechatId ?? null, address: address ?? null, notes: notes ?? null, tags, grade };
    });
    expect(back).toEqual(book);
  });

  it('writes nothing for no prospects, and CRLF line ends', () => {
    expect(prospectsVcard([])).toBe('');
    expect(prospectsVcard(book.slice(1, 2))).toBe("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pat O'Brien\r\nN:Pat O'Brien;;;;\r\nTEL;TYPE=CELL:+12025550143\r\nEND:VCARD\r\n");
  });
});
