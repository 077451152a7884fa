import { describe, expect, it } from 'vitest';
import { CreateProspectInput, DispositionChangeInput, LogTouchInput, UpdateProspectInput } from './schemas.js';

describe('CreateProspectInput', () => {
  it('quick-creates from a name, one phone and a grade, filling the defaults', () => {
    expect(CreateProspectInput.parse({ name: ' 王先生 ', phones: ['0912-345-678'], grade: 'A' })).toEqual({
      name: '王先生',
      phones: ['0912-345-678'],
      emails: [],
      source: 'other',
      grade: 'A',
      importance: 'normal',
      expectedClose: 'unknown',
      tags: [],
      newsletterConsent: 'unknown',
      doNotCall: false,
    });
  });

  it('lowercases and de-duplicates emails, turns empty text into null', () => {
    const p = CreateProspectInput.parse({
      name: 'Li Na',
      emails: ['Li@Example.com', 'li@example.com'],
      grade: 'B',
      company: '  ',
      tags: ['car', 'car', 'parts'],
    });
    expect(p.emails).toEqual(['li@example.com']);
    expect(p.company).toBeNull();
    expect(p.tags).toEqual(['car', 'parts']);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no phone and no email', { name: 'A', grade: 'A' }],
    ['empty contact lists', { name: 'A', grade: 'A', phones: [], emails: [] }],
    ['no grade', { name: 'A', phones: ['138 0013 8000'] }],
    ['blank name', { name: '  ', phones: ['138 0013 8000'], grade: 'A' }],
    ['unknown grade', { name: 'A', phones: ['138 0013 8000'], grade: 'D' }],
    ['owner', { name: 'A', phones: ['1'], grade: 'A', ownerId: 2 }],
    ['stage', { name: 'A', phones: ['1'], grade: 'A', stage: 'customer' }],
    ['disposition', { name: 'A', phones: ['1'], grade: 'A', disposition: 'keep' }],
    ['nextDueOn', { name: 'A', phones: ['1'], grade: 'A', nextDueOn: '2026-03-01' }],
    ['bad email', { name: 'A', emails: ['nope'], grade: 'A' }],
    ['bad WeChat ID', { name: 'A', phones: ['1'], grade: 'A', wechatId: '12345678' }],
    ['interval 0', { name: 'A', phones: ['1'], grade: 'A', intervalDays: 0 }],
    ['interval 366', { name: 'A', phones: ['1'], grade: 'A', intervalDays: 366 }],
    ['11 phones', { name: 'A', phones: Array.from({ length: 11 }, (_, i) => `0912-345-67${i}`), grade: 'A' }],
  ])('refuses %s', (_name, input) => {
    expect(CreateProspectInput.safeParse(input).success).toBe(false);
  });

  it('points the missing-contact issue at phones with a reason', () => {
    const r = CreateProspectInput.safeParse({ name: 'A', grade: 'A' });
    expect(r.error?.issues).toMatchObject([{ path: ['phones'], params: { reason: 'CONTACT_REQUIRED' } }]);
  });

  it('takes a WeChat ID as the only contact, as many cards in the market have', () => {
    expect(CreateProspectInput.safeParse({ name: 'A', grade: 'A', wechatId: 'chen_dawen88' }).success).toBe(true);
    expect(CreateProspectInput.safeParse({ name: 'A', grade: 'A', wechatId: null }).success).toBe(false);
  });
});

describe('UpdateProspectInput', () => {
  it('accepts a partial edit with a version', () => {
    expect(UpdateProspectInput.parse({ version: 3, grade: 'A', intervalDays: null, title: '' })).toEqual({
      version: 3,
      grade: 'A',
      intervalDays: null,
      title: null,
    });
  });

  // Mass assignment: anything the service owns must be refused, not silently dropped.
  it.each([
    ['owner', 7],
    ['ownerId', 7],
    ['stage', 'customer'],
    ['disposition', 'dropped'],
    ['lastTouchAt', '2026-03-01T00:00:00Z'],
    ['nextDueOn', '2026-03-01'],
    ['explicitNextOn', '2026-03-01'],
    ['touches', []],
    ['touchCount', 0],
    ['collectedByUserId', 2],
    ['createdAt', '2026-01-01T00:00:00Z'],
    ['droppedReason', 'x'],
    ['id', 1],
  ])('refuses %s', (key, value) => {
    const r = UpdateProspectInput.safeParse({ version: 1, name: 'A', [key]: value });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it.each<[string, Record<string, unknown>]>([
    ['only a version', { version: 1 }],
    ['nothing', {}],
    ['every way to reach them emptied', { version: 1, phones: [], emails: [], wechatId: null }],
    ['negative version', { version: -1, name: 'A' }],
  ])('refuses %s', (_name, input) => {
    expect(UpdateProspectInput.safeParse(input).success).toBe(false);
  });
});

describe('LogTouchInput', () => {
  it('logs a quick call with defaults', () => {
    expect(LogTouchInput.parse({ channel: 'call', relationshipKept: true })).toEqual({
      channel: 'call',
      direction: 'outbound',
      saleMade: false,
      relationshipKept: true,
    });
  });

  it('takes the full record', () => {
    const input = {
      channel: 'visit',
      direction: 'inbound',
      at: '2026-03-08T19:30:00+08:00',
      summary: 'Compared three cars',
      feedback: '覺得對手的車比較省油',
      receptivity: 'welcomed',
      saleMade: true,
      relationshipKept: true,
      lessons: 'Listen first',
      nextContactOn: '2026-04-01',
    };
    expect(LogTouchInput.parse(input)).toEqual(input);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no relationship judgement', { channel: 'call' }],
    ['an unknown channel', { channel: 'fax', relationshipKept: true }],
    ['an outcome (it is derived)', { channel: 'call', relationshipKept: true, outcome: 'complete' }],
    ['a user id (it is the actor)', { channel: 'call', relationshipKept: true, userId: 3 }],
    ['an impossible date', { channel: 'call', relationshipKept: true, nextContactOn: '2026-02-30' }],
    ['a date with a time', { channel: 'call', relationshipKept: true, nextContactOn: '2026-03-01T00:00:00Z' }],
    ['an instant without offset', { channel: 'call', relationshipKept: true, at: '2026-03-08T19:30:00' }],
  ])('refuses %s', (_name, input) => {
    expect(LogTouchInput.safeParse(input).success).toBe(false);
  });
});

describe('DispositionChangeInput', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['continue', { disposition: 'continue' }, true],
    ['keep with a version', { version: 4, disposition: 'keep' }, true],
    ['pause with a resume date', { disposition: 'pause', resumeOn: '2026-06-01' }, true],
    ['pause without a resume date', { disposition: 'pause' }, false],
    ['pause with a bad date', { disposition: 'pause', resumeOn: '2026-13-01' }, false],
    ['dropped with a reason', { disposition: 'dropped', reason: 'Moved abroad' }, true],
    ['dropped without a reason', { disposition: 'dropped' }, false],
    ['dropped with a blank reason', { disposition: 'dropped', reason: '   ' }, false],
    ['continue with a stray reason', { disposition: 'continue', reason: 'x' }, false],
    ['keep with a stray resume date', { disposition: 'keep', resumeOn: '2026-06-01' }, false],
    ['an unknown disposition', { disposition: 'archive' }, false],
  ])('%s', (_name, input, ok) => {
    expect(DispositionChangeInput.safeParse(input).success).toBe(ok);
  });

  it('trims the drop reason', () => {
    expect(DispositionChangeInput.parse({ disposition: 'dropped', reason: ' 已購他牌 ' })).toEqual({
      disposition: 'dropped',
      reason: '已購他牌',
    });
  });
});
