import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeQuotedPrintable, splitVcards } from './vcard-lines.js';

const card = (...lines: string[]) => ['BEGIN:VCARD', ...lines, 'END:VCARD', ''].join('\r\n');
const props = (text: string) => splitVcards(text)![0]!.properties.map((p) => ({ ...p, params: Object.fromEntries(p.params) }));

describe('decodeQuotedPrintable', () => {
  it.each([
    ['=E7=8E=8B=E5=B0=8F=E6=98=8E', undefined, '王小明'],
    ['Tel =3D 5', undefined, 'Tel = 5'],
    ['=CD=F5=D0=A1=CE=B0', 'GBK', '王小伟'],
    ['=A4=FD=A4p=B0=B6', 'big5', '王小偉'],
    ['=E7=8E=8B', 'no-such-charset', '王'],
    ['=E7=8E=8B 已解碼', undefined, '王 已解碼'],
    ['100% =ZZ', undefined, '100% =ZZ'],
  ])('%j in %s', (qp, charset, text) => {
    expect(decodeQuotedPrintable(qp, charset)).toBe(text);
  });
});

describe('splitVcards', () => {
  it("reads 2.1's bare parameters as types and encodings, 3.0's repeated and listed ones, groups and quoted values", () => {
    expect(
      props(card('VERSION:2.1', 'TEL;CELL;PREF:1-391-234-5678', 'item1.EMAIL;type=INTERNET;type=WORK,pref:a@b.c', 'ADR;LABEL="1 Main St; Floor 2: Lobby";TYPE=work:;;1 Main St', 'NOTE;QUOTED-PRINTABLE:=E4=BD=A0')),
    ).toEqual([
      { group: null, name: 'version', params: {}, value: '2.1' },
      { group: null, name: 'tel', params: { type: ['cell', 'pref'] }, value: '1-391-234-5678' },
      { group: 'item1', name: 'email', params: { type: ['internet', 'work', 'pref'] }, value: 'a@b.c' },
      { group: null, name: 'adr', params: { label: ['1 Main St; Floor 2: Lobby'], type: ['work'] }, value: ';;1 Main St' },
      { group: null, name: 'note', params: { encoding: ['quoted-printable'] }, value: '你' },
    ]);
  });

  it('joins soft line breaks before decoding, so a character cut after its first byte comes out whole', () => {
    const [, note] = props(card('VERSION:2.1', 'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=', '=8A=80=E6=9C=AF='));
    expect(note!.value).toBe('技术');
  });

  it('unfolds 3.0 lines by one space, 4.0 parameters with RFC 6868 escapes', () => {
    expect(props(card('VERSION:3.0', 'NOTE:one', '  two'))[1]!.value).toBe('one two');
    expect(props(card('VERSION:4.0', 'ADR;LABEL="Line 1^nLine ^\'2^\'":;;x'))[1]!.params).toEqual({ label: ['Line 1\nLine "2"'] });
  });

  it('reads every card of the Android fixture, the long note across its soft line breaks included', () => {
    const cards = splitVcards(readFileSync(new URL('./fixtures/cards/android-2.1.vcf', import.meta.url), 'utf8'))!;
    expect(cards.map((c) => [c.line, c.version, c.unreadable])).toEqual([
      [1, '2.1', []],
      [24, '2.1', []],
      [32, '2.1', []],
    ]);
    expect(cards[0]!.properties.map((p) => p.name)).not.toContain('photo');
    expect(cards[2]!.properties.find((p) => p.name === 'note')!.value).toBe('在上海车展认识，对新能源车型很感兴趣，下个月回访。第二次见面时带上报价单和试驾安排。');
  });

  it('gives null for a card that is never closed, and keeps lines that are no property apart', () => {
    expect(splitVcards('BEGIN:VCARD\r\nFN:x\r\n')).toBeNull();
    expect(splitVcards(card('VERSION:3.0', '\u0000\u0001garbage', 'FN:x'))![0]!.unreadable).toEqual(['\u0000\u0001garbage']);
  });
});
