import { describe, expect, it } from 'vitest';
import { INVITATION_STATES, answersOpen, checkInOpen, closedState, followUpAfter, isOver, mayCheckIn, mayMove, seatsLeft } from './rules.js';
import { EventInput, InviteInput, InvitationMoveInput, WalkInInput } from './schemas.js';
import { eventWhen, renderInvitation } from './invitation-mail.js';

// The seminar: Saturday 5 December 2026, 14:00–17:00 in Taipei (06:00–09:00 UTC).
const seminar = { startsAt: '2026-12-05T06:00:00.000Z', endsAt: '2026-12-05T09:00:00.000Z' };
const at = (iso: string) => new Date(iso);

describe('the door and the answers', () => {
  it.each([
    ['2026-12-04T17:59:59Z', false], // 12 h before the start, less a second
    ['2026-12-04T18:00:00Z', true],
    ['2026-12-05T07:00:00Z', true],
    ['2026-12-08T09:00:00Z', true], // three days after the end
    ['2026-12-08T09:00:01Z', false],
  ])('check-in at %s: %s', (now, open) => expect(checkInOpen(seminar, at(now))).toBe(open));

  it('takes an event without an end as ending when it starts', () => {
    expect(isOver({ startsAt: seminar.startsAt, endsAt: null }, at('2026-12-05T06:00:01Z'))).toBe(true);
    expect(isOver(seminar, at('2026-12-05T08:59:59Z'))).toBe(false);
  });

  it('takes answers until the start', () => {
    expect(answersOpen(seminar, at('2026-12-05T05:59:59Z'))).toBe(true);
    expect(answersOpen(seminar, at('2026-12-05T06:00:00Z'))).toBe(false);
  });
});

describe('invitation states', () => {
  it.each([
    ['invited', 'accepted', true],
    ['invited', 'attended', false],
    ['accepted', 'no_show', true],
    ['declined', 'accepted', true],
    ['attended', 'no_show', false],
    ['attended', 'invited', false],
    ['no_show', 'accepted', true],
    ['no_answer', 'no_show', false],
  ] as const)('%s → %s by hand: %s', (from, to, ok) => expect(mayMove(from, to)).toBe(ok));

  it('checks in anyone not yet attended, a declined guest who came anyway too', () => {
    expect(INVITATION_STATES.filter(mayCheckIn)).toEqual(['invited', 'accepted', 'declined', 'no_answer', 'no_show']);
  });

  it('closes the list: accepted → no-show, invited → no answer, the rest stay', () => {
    expect(INVITATION_STATES.map(closedState)).toEqual(['no_answer', 'no_show', 'declined', 'no_answer', 'attended', 'no_show']);
  });

  it('counts seats only with a capacity', () => {
    expect(seatsLeft(null, 10)).toBeNull();
    expect(seatsLeft(10, 3)).toBe(7);
    expect(seatsLeft(2, 3)).toBe(0);
  });
});

describe('the follow-up after attendance', () => {
  it.each([
    // Owner in Taipei: the day after the seminar.
    ['Asia/Taipei', '2026-12-05', '2026-12-06'],
    // Owner in Los Angeles: the seminar ended on 5 December at 01:00 there; the day after is the 6th.
    ['America/Los_Angeles', '2026-12-05', '2026-12-06'],
    // Marked up late, on the 8th: the follow-up is today, not a day already past.
    ['Asia/Taipei', '2026-12-08', '2026-12-08'],
  ])('owner in %s, today %s → %s', (zone, today, expected) => expect(followUpAfter(seminar, zone, today)).toBe(expected));

  it('uses the end in the owner’s calendar: an evening event in Taipei ends on the next day in UTC+14', () => {
    const dinner = { startsAt: '2026-12-05T11:00:00.000Z', endsAt: '2026-12-05T14:00:00.000Z' };
    expect(followUpAfter(dinner, 'Pacific/Kiritimati', '2026-12-05')).toBe('2026-12-07');
  });
});

describe('input', () => {
  const base = { title: '新車品鑑會', kind: 'seminar', startsAt: '2026-12-05T14:00:00+08:00', timeZone: 'Asia/Taipei' };
  it('stores instants in UTC and refuses an end before the start, unknown zones and script links', () => {
    expect(EventInput.parse(base).startsAt).toBe('2026-12-05T06:00:00.000Z');
    expect(EventInput.safeParse({ ...base, endsAt: '2026-12-05T13:59:00+08:00' }).success).toBe(false);
    expect(EventInput.safeParse({ ...base, timeZone: 'Asia/Taipe' }).success).toBe(false);
    expect(EventInput.safeParse({ ...base, startsAt: '2026-12-05 14:00' }).success).toBe(false);
    expect(EventInput.safeParse({ ...base, onlineUrl: 'javascript:alert(1)' }).success).toBe(false);
    expect(EventInput.safeParse({ ...base, onlineUrl: 'https://meet.example.com/abc' }).success).toBe(true);
    expect(EventInput.safeParse({ ...base, capacity: 0 }).success).toBe(false);
  });
  it('invites either prospects or a filter, never both or neither', () => {
    expect(InviteInput.safeParse({ prospectIds: [1] }).success).toBe(true);
    expect(InviteInput.safeParse({ filter: 'tag=VIP' }).success).toBe(true);
    expect(InviteInput.safeParse({}).success).toBe(false);
    expect(InviteInput.safeParse({ prospectIds: [1], filter: 'tag=VIP' }).success).toBe(false);
  });
  it('records attendance only by checking in', () => {
    expect(InvitationMoveInput.safeParse({ state: 'attended' }).success).toBe(false);
    expect(InvitationMoveInput.safeParse({ state: 'no_show' }).success).toBe(true);
  });
  it('needs a way to reach a walk-in', () => {
    expect(WalkInInput.safeParse({ name: '黃先生' }).success).toBe(false);
    expect(WalkInInput.parse({ name: '黃先生', emails: ['huang@example.tw'] }).grade).toBe('unrated');
  });
});

describe('the invitation mail', () => {
  const mail = {
    guestName: '張小姐',
    event: { title: '新車品鑑會 <b>', kind: 'seminar' as const, startsAt: seminar.startsAt, endsAt: seminar.endsAt, timeZone: 'Asia/Taipei', place: '台北展示中心', onlineUrl: null },
    message: '上次您問到的新車型會在現場',
    signer: { name: '小偉', email: 'wei@pond.test' },
    links: { accept: 'https://pond.example/a?t=1&answer=accepted', decline: 'https://pond.example/a?t=1&answer=declined' },
  };
  it('is signed by the inviter, in their language, with the time in the event’s zone and escaped HTML', () => {
    const zh = renderInvitation({ ...mail, locale: 'zh-Hant' });
    expect(zh.subject).toBe('邀請函：新車品鑑會 <b>（研討會）');
    expect(zh.text).toContain('上次您問到的新車型會在現場');
    expect(zh.text).toContain('(Asia/Taipei)');
    expect(zh.text.trimEnd().endsWith('小偉\nwei@pond.test')).toBe(true);
    expect(zh.html).toContain('新車品鑑會 &lt;b&gt;');
    expect(zh.html).toContain('answer=accepted');
    expect(renderInvitation({ ...mail, locale: 'en' }).subject).toBe('Invitation: 新車品鑑會 <b> (seminar)');
  });
  it('shows an event on one day as one day with two times', () => {
    expect(eventWhen({ ...seminar, timeZone: 'Asia/Taipei' }, 'en')).toMatch(/^Saturday, December 5, 2026 at 2:00\sPM – 5:00\sPM \(Asia\/Taipei\)$/);
  });
});
