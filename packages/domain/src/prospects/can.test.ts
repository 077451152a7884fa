import { describe, expect, it } from 'vitest';
import { prospectCan } from './can.js';

const live = { archived_at: null };
const archived = { archived_at: '2026-11-01T00:00:00.000Z' };
const wei = { userId: 7, role: 'salesperson' as const };
const boss = { userId: 3, role: 'manager' as const };
const root = { userId: 1, role: 'admin' as const };

describe('what an actor may do with a prospect they see', () => {
  it.each([
    // who, manages the owner, the prospect → the flags that differ between cases
    ['the owner, live', wei, false, { ...live, owner_id: 7 }, { edit: true, changeOwner: false, archive: false, release: true, erase: false, order: true, logTouch: true }],
    ['a linked colleague', wei, false, { ...live, owner_id: 9 }, { edit: false, changeDisposition: false, linkColleagues: false, release: false, logTouch: true, order: true }],
    ['the owner, archived', wei, false, { ...archived, owner_id: 7 }, { edit: false, logTouch: false, release: false, order: false, erase: false }],
    ["the owner's manager", boss, true, { ...live, owner_id: 7 }, { edit: true, changeOwner: true, archive: true, release: true }],
    ['a manager linked to another team’s prospect', boss, false, { ...live, owner_id: 9 }, { edit: false, changeOwner: false, archive: true, logTouch: true }],
    ['an admin', root, true, { ...live, owner_id: 7 }, { edit: true, changeOwner: true, erase: true, archive: true }],
    ['an admin, archived', root, true, { ...archived, owner_id: 7 }, { edit: false, erase: true, archive: false }],
    ['a colleague on a pool prospect', wei, false, { ...live, owner_id: null, pooled_from_id: 9 }, { edit: false, logTouch: true, release: false, order: false }],
    ['the former owner on a pool prospect', wei, false, { ...live, owner_id: null, pooled_from_id: 7 }, { edit: false, logTouch: false, order: false }],
    ['an admin on a pool prospect', root, false, { ...live, owner_id: null, pooled_from_id: 7 }, { edit: true, logTouch: true, changeOwner: true, order: true, release: false }],
  ] as const)('%s', (_name, actor, manages, prospect, expected) => {
    expect(prospectCan(actor, manages, prospect)).toMatchObject(expected);
  });
});
