import { describe, expect, it } from 'vitest';
// The web's catalogues are plain objects; read here (vitest does not run the web package) to test the words too.
import { en } from '../../../web/src/i18n/en.js';
import { zhHans } from '../../../web/src/i18n/zh-hans.js';
import { zhHant } from '../../../web/src/i18n/zh-hant.js';
import { ROLES } from '../accounts/roles.js';
import { INVITATION_STATES } from '../events/rules.js';
import { CHANNELS, DISPOSITIONS } from '../prospects/enums.js';
import { AUDIT_ACTION_GROUP_NAMES, AUDIT_ACTIONS } from './actions.js';
import {
  AUDIT_ENTITY_TYPES,
  AUDIT_SETTINGS,
  actorWords,
  auditEntityName,
  auditRefKey,
  auditRefs,
  auditSentence,
  fillTemplate,
  recordWords,
  type AuditFacts,
  type Words,
} from './sentences.js';

type Catalogue = Record<string, string>;
const LOCALES: [string, Catalogue][] = [
  ['en', en],
  ['zh-Hant', zhHant],
  ['zh-Hans', zhHans],
];

interface Shown extends AuditFacts {
  actorName: string | null;
  entityName: string | null;
  related: Record<string, string>;
}

function entry(over: Partial<Shown>): Shown {
  return { action: 'prospect.updated', actorId: 1, actorLabel: 'wang@pond.test', actorName: '王經理', entityType: 'prospect', entityId: '849', entityName: null, related: {}, before: null, after: null, ...over };
}

/** The sentence as plain text, the way the web page fills it with names and links. */
function text(e: Shown, m: Catalogue): string {
  const words = (w: Words) => ('text' in w ? w.text : fillTemplate(m[w.key]!, (slot) => w.values[slot] ?? `{${slot}}`).join(''));
  const s = auditSentence(e);
  return fillTemplate(m[s.key]!, (slot) => {
    const p = s.values[slot]!;
    if (p.kind === 'actor') return words(actorWords(e, e.actorName));
    if (p.kind === 'entity') return words(recordWords(e.entityType, e.entityId, auditEntityName(e)));
    if (p.kind === 'ref') return words(recordWords(p.ref.type, p.ref.id, e.related[auditRefKey(p.ref)] ?? null));
    if (p.kind === 'term') return m[p.key]!;
    if (p.kind === 'text') return p.text;
    return String(p.value);
  }).join('');
}

const slots = (template: string) => new Set([...template.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!));

describe('an audit entry as a sentence', () => {
  it('reads a role change, an export and a merge with the names the server found', () => {
    const role = entry({ action: 'user.role_changed', entityType: 'user', entityId: '12', entityName: '小樂', before: { role: 'salesperson' }, after: { role: 'manager' } });
    expect(text(role, en)).toBe('王經理 changed 小樂’s role to Manager');
    expect(text(role, zhHant)).toBe('王經理 將 小樂 的角色改為經理');
    const exported = entry({ action: 'prospect.exported', actorName: '肖樂', entityId: null, after: { filter: {}, rows: 120, complete: true, format: 'csv' } });
    expect(text(exported, en)).toBe('肖樂 exported 120 prospects (CSV)');
    expect(text(exported, zhHans)).toBe('肖樂 导出了 120 位潜在客户（CSV）');
    expect(text({ ...exported, after: { rows: 40, complete: false, format: 'vcard' } }, en)).toBe('肖樂 exported 40 prospects (vCard); the download stopped part-way');
    const merged = entry({ action: 'prospect.merged', actorName: '小偉', entityName: '陳大文', before: { merged: 77, name: '陳先生' }, after: { touches: 4 } });
    expect(text(merged, en)).toBe('小偉 merged 陳先生 into 陳大文');
    // An entry written before merges kept the name: the record by its number.
    expect(text({ ...merged, before: { merged: 77 } }, en)).toBe('小偉 merged prospect #77 into 陳大文');
  });

  it('names the records an entry’s data points at, by the names the server returned', () => {
    const linked = entry({ action: 'prospect.colleague_linked', actorName: '小偉', entityName: '陳大文', after: { userId: 5 }, related: { 'user:5': '肖樂' } });
    expect(text(linked, en)).toBe('小偉 linked 肖樂 to 陳大文 as a colleague');
    expect(auditRefs(linked)).toEqual([
      { type: 'user', id: '1' },
      { type: 'prospect', id: '849' },
      { type: 'user', id: '5' },
    ]);
    const recalled = entry({ action: 'pool.recalled', actorId: null, actorLabel: 'Pond (pool.sweep:2026-12-02)', actorName: null, entityName: '陳大文', before: { owner: 5 }, after: { owner: null, idleDays: 41 } });
    expect(text(recalled, en)).toBe('Pond returned 陳大文 from user #5’s book to the pool after 41 days without a touch');
    expect(text({ ...recalled, related: { 'user:5': '肖樂' } }, zhHant)).toBe('肖樂 已 41 天未接觸 陳大文，魚塘 將其回收到公海');
    const checkIn = entry({ action: 'invitation.checked_in', entityType: 'invitation', entityId: '3', entityName: '陳大文', after: { eventId: 9, prospectId: 849 }, related: { 'event:9': '新車發表會', 'prospect:849': '陳大文' } });
    expect(text(checkIn, en)).toBe('王經理 checked 陳大文 in at 新車發表會');
  });

  it('says who when no user did it: Pond, a guest’s link, the command line, an address typed at sign-in', () => {
    expect(text(entry({ action: 'newsletter.sent', actorId: null, actorLabel: 'Pond (newsletter.send)', actorName: null, entityType: 'newsletter', entityId: '4', entityName: '十二月車訊' }), en)).toBe('Pond finished sending “十二月車訊”');
    expect(text(entry({ action: 'invitation.answered', actorId: null, actorLabel: 'guest (signed link)', entityType: 'invitation', entityId: '3', entityName: '陳大文', after: { state: 'accepted' } }), en)).toBe('A guest (signed link) answered 陳大文’s invitation: “Accepted”');
    expect(text(entry({ action: 'user.created', actorId: null, actorLabel: 'cli', entityType: 'user', entityId: '2', entityName: '小偉', after: { role: 'salesperson' } }), zhHant)).toBe('命令列 建立了使用者 小偉（銷售人員）');
    expect(text(entry({ action: 'login.failed', actorId: null, actorLabel: 'nobody@pond.test', entityType: 'user', entityId: null }), en)).toBe('A sign-in as nobody@pond.test failed');
    expect(text(entry({ action: 'job.probe', actorId: null, actorLabel: null, entityType: 'job', entityId: 'jobs.probe:1' }), en)).toBe('System ran the background-work check');
  });

  it('falls back to a generic sentence for a code it does not know, still naming actor and record', () => {
    expect(text(entry({ action: 'user.x' }), en)).toBe('王經理 did user.x on prospect #849');
    expect(text(entry({ action: 'user.x', entityName: '陳大文' }), zhHant)).toBe('王經理 對 陳大文 執行了 user.x');
    expect(text(entry({ action: 'user.x', entityType: 'widget', entityId: '3' }), en)).toBe('王經理 did user.x on widget 3');
    expect(text(entry({ action: 'user.x', entityId: null }), en)).toBe('王經理 did user.x');
  });

  it('reads an entry whose data is gone (an erased record’s) by its action’s name', () => {
    const scrubbed = entry({ action: 'prospect.disposition_changed', actorName: '小偉', before: null, after: null });
    expect(text(scrubbed, en)).toBe('小偉: Disposition changed (prospect #849)');
    expect(text(scrubbed, zhHans)).toBe('小偉：更改处置（潜在客户 #849）');
    expect(text(entry({ action: 'user.role_changed', entityType: 'user', entityId: '12', after: { role: 'owner' } }), en)).toBe('王經理: Role changed (user #12)');
  });

  it('names a record that is gone by the name its creation recorded, else reads briefly rather than "the prospect prospect #4"', () => {
    const created = entry({ action: 'prospect.created', actorName: '小偉', after: { name: '陳先生', grade: 'B' } });
    expect(text(created, en)).toBe('小偉 added the prospect 陳先生');
    expect(text({ ...created, after: null }, en)).toBe('小偉: Prospect added (prospect #849)');
    expect(text({ ...created, after: null }, zhHant)).toBe('小偉：新增潛在客戶（潛在客戶 #849）');
    expect(text(entry({ action: 'team.updated', entityType: 'team', entityId: '3', entityName: '台北一組' }), en)).toBe('王經理 updated the team 台北一組');
  });

  it('looks up no name for an entity id that is not a record number', () => {
    expect(auditRefs(entry({ action: 'settings.pool_policy_changed', entityType: 'settings', entityId: 'pool_policy' }))).toEqual([{ type: 'user', id: '1' }]);
    expect(text(entry({ action: 'user.x', entityType: 'settings', entityId: 'pool_policy' }), en)).toBe('王經理 did user.x on the pool rules');
  });
});

describe('the catalogues hold every word a sentence can ask for', () => {
  // Data carrying every field any sentence reads, so each action's full sentence is chosen.
  const full = { role: 'manager', disposition: 'pause', created: 3, rows: 3, format: 'csv', name: '陳先生', merged: 5, ids: [1, 2], userId: 2, channel: 'call', owner: 3, idleDays: 40, to: 'a@pond.test', from: '2026-11-01', invited: 2, prospectId: 4, eventId: 5, state: 'accepted', issueId: 6, complete: true };

  it.each(LOCALES)('%s: a sentence and a name for every action, with exactly the slots its values fill', (_, m) => {
    for (const action of AUDIT_ACTIONS) {
      const s = auditSentence(entry({ action, entityName: '陳大文', entityId: action === 'coaching.exported' ? 'all' : '7', before: full, after: { ...full, to: action === 'coaching.exported' ? '2026-11-30' : full.to } }));
      expect(s.key, action).not.toBe('audit.s.brief');
      expect(m[s.key], s.key).toBeTypeOf('string');
      expect(m[`audit.a.${action}`], action).toBeTypeOf('string');
      const extra = Object.keys(s.values).filter((k) => k !== 'actor' && k !== 'entity');
      const used = slots(m[s.key]!);
      expect([...used].filter((x) => !(x in s.values)), s.key).toEqual([]);
      expect(extra.filter((x) => !used.has(x)), s.key).toEqual([]);
      expect(used, s.key).toEqual(slots(en[s.key as keyof typeof en]));
      for (const part of Object.values(s.values)) if (part.kind === 'term') expect(m[part.key], part.key).toBeTypeOf('string');
    }
  });

  it.each(LOCALES)('%s: every term, record, setting, actor and group word', (_, m) => {
    const keys = [
      ...ROLES.map((r) => `role.${r}`),
      ...DISPOSITIONS.map((d) => `disposition.${d}`),
      ...CHANNELS.map((c) => `channelShort.${c}`),
      ...INVITATION_STATES.map((s) => `events.state.${s}`),
      ...AUDIT_ACTION_GROUP_NAMES.map((g) => `audit.group.${g}`),
      'audit.allTeams',
      'audit.s.brief',
      'audit.s.unknown',
      'audit.s.unknownNoRecord',
      'audit.s.prospect.exported_partial',
    ];
    const words: Words[] = [
      ...AUDIT_ENTITY_TYPES.flatMap((type) => [recordWords(type, '7', null), recordWords(type, null, null), recordWords(type, '7', 'x')]),
      ...AUDIT_SETTINGS.map((id) => recordWords('settings', id, null)),
      ...['cli', 'Pond (x)', 'guest (signed link)', 'reader (unsubscribe link)', null].map((label) => actorWords({ actorId: null, actorLabel: label }, null)),
      actorWords({ actorId: 3, actorLabel: 'x' }, null),
    ];
    for (const w of words) if ('key' in w) keys.push(w.key);
    expect(keys.filter((k) => typeof m[k] !== 'string')).toEqual([]);
  });
});

describe('fillTemplate', () => {
  it('splits a message at its slots and keeps the text between', () => {
    expect(fillTemplate('{a} and {b}.', (s) => s.toUpperCase())).toEqual(['A', ' and ', 'B', '.']);
    expect(fillTemplate('no slots', () => 'x')).toEqual(['no slots']);
  });
});
