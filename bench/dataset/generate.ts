import { DEFAULT_INTERVAL_POLICY, nameKey, type Grade, type Importance } from '@pond/domain';
import { Rng, Weighted } from '../lib/rng.js';
import { GrowableColumns } from './growable.js';
import { SearchTerms } from './search-terms.js';
import { Clock } from './time.js';
import type { DatasetSink, Row } from './tables.js';
import * as v from './vocabulary.js';
import { makeCompany, makeEmail, makePhone, makeAddress, makeWechat, type Script } from './people.js';

/** What to generate. Everything else follows from the seed. */
export interface DatasetPlan {
  scale: number;
  seed: number;
  /** The calendar day (UTC+8, where every bench user lives) that "today" is in the data. */
  today: string;
  passwordHash: string;
  /** Fill search_index (Pond's search index, one document per prospect) when the schema has it. */
  searchIndex: boolean;
}

export interface DatasetCounts {
  users: number;
  salespeople: number;
  teams: number;
  prospects: number;
  pool: number;
  touches: number;
  contacts: number;
  tags: number;
  colleagues: number;
  history: number;
  /** Rows of search_index: one per prospect when the index is filled. */
  searchDocuments: number;
  /** Tokens in those documents, keys included. */
  searchTokens: number;
}

/** Users scale with the book so each salesperson keeps about 4,500 prospects; never fewer than 20. */
export function salespeopleFor(scale: number): number {
  return Math.max(20, Math.round(200 * scale));
}

const PER_TEAM = 10;
const PROSPECT_CHUNK = 5_000;
const TOUCH_CHUNK = 20_000;
const GRADES = new Weighted<Grade>([['A', 15], ['B', 30], ['C', 30], ['unrated', 25]]);
const IMPORTANCES = new Weighted<Importance>([['key', 10], ['normal', 65], ['small', 25]]);
const CLOSES = new Weighted([['within_1m', 8], ['within_3m', 17], ['within_6m', 20], ['later', 25], ['unknown', 30]] as const);
const SOURCES = new Weighted([['walk_in', 30], ['referral', 20], ['card', 20], ['event', 12], ['import', 10], ['web', 6], ['other', 2]] as const);
const CONSENTS = new Weighted([['subscribed', 55], ['unknown', 35], ['unsubscribed', 10]] as const);
const DISPOSITIONS = new Weighted([['continue', 82], ['keep', 6], ['pause', 5], ['dropped', 7]] as const);
const CHANNELS = ['call', 'visit', 'message', 'email', 'event', 'letter', 'other'] as const;
const CHANNEL_PICK = new Weighted<number>([[0, 45], [1, 12], [2, 25], [3, 8], [4, 5], [5, 2], [6, 3]]);
const RECEPTIVITIES = ['welcomed', 'neutral', 'reluctant'] as const;
const OVERRIDES = [14, 30, 45, 90, 120] as const;
const SURNAME_PICK = new Weighted(v.SURNAMES.map((s, i) => [i, s[3]] as const));

// Touch flags packed in 16 bits: kind, sale, kept, on behalf, inbound, channel (3 bits), receptivity (2 bits).
const F_FIRST = 1;
const F_SALE = 2;
const F_KEPT = 4;
const F_BEHALF = 8;
const F_INBOUND = 16;

/**
 * Generates the whole dataset into `sink`: users and teams, then prospects with their contacts, tags,
 * colleague links and history in id order, then touches in chronological order (ids follow time, as they
 * would in a real book, so one prospect's touches are spread over the table rather than stored together).
 * Each prospect's clock (touch_count, last_touch_at, next_due_on) is derived from its touches with the
 * rules of packages/domain/src/prospects/clock.ts.
 */
export async function generateDataset(plan: DatasetPlan, sink: DatasetSink, onProgress?: (msg: string) => void): Promise<DatasetCounts> {
  const rng = new Rng(plan.seed);
  const clock = new Clock(plan.today);
  const salespeople = salespeopleFor(plan.scale);
  const teams = Math.ceil(salespeople / PER_TEAM);
  const prospects = Math.round(1_000_000 * plan.scale);
  const createdAt = clock.iso(clock.instant(clock.minDay - 30, 9 * 3600));

  // Users: 1 admin, one manager per team, then the salespeople. Ids are assigned here so rows can refer to them.
  const users: Row[] = [];
  const teamRows: Row[] = [];
  const firstSalesId = 2 + teams;
  users.push([1, 'admin@bench.pond', '管理員', 'admin', null, plan.passwordHash, 'zh-Hant', 'Asia/Taipei', 1, 1, createdAt, createdAt]);
  for (let t = 0; t < teams; t++) {
    const id = 2 + t;
    users.push([id, `manager${pad(t + 1, 2)}@bench.pond`, `經理${pad(t + 1, 2)}`, 'manager', t + 1, plan.passwordHash,
      t % 2 ? 'zh-Hans' : 'zh-Hant', t % 2 ? 'Asia/Shanghai' : 'Asia/Taipei', 1, 1, createdAt, createdAt]);
    teamRows.push([t + 1, `第${t + 1}組`, id, 1, createdAt, createdAt]);
  }
  const salesWeights: Array<readonly [number, number]> = [];
  for (let s = 0; s < salespeople; s++) {
    const id = firstSalesId + s;
    const team = Math.floor(s / PER_TEAM);
    users.push([id, `sales${pad(s + 1, 3)}@bench.pond`, `業務${pad(s + 1, 3)}`, 'salesperson', team + 1, plan.passwordHash,
      team % 2 ? 'zh-Hans' : 'zh-Hant', team % 2 ? 'Asia/Shanghai' : 'Asia/Taipei', 1, 1, createdAt, createdAt]);
    salesWeights.push([id, 0.6 + rng.next() * 0.8]);
  }
  await sink.insert('users', users);
  await sink.insert('teams', teamRows);
  const pickSales = new Weighted(salesWeights);
  const teamOf = (userId: number) => Math.floor((userId - firstSalesId) / PER_TEAM);
  const teammate = (userId: number) => {
    const team = teamOf(userId);
    const size = Math.min(PER_TEAM, salespeople - team * PER_TEAM);
    if (size < 2) return userId;
    let other = userId;
    while (other === userId) other = firstSalesId + team * PER_TEAM + rng.int(0, size - 1);
    return other;
  };
  // The "one-shot" salespeople of the coaching story: many first contacts, few revisits.
  const oneShot = (userId: number) => (userId - firstSalesId) % 20 === 7;

  const counts: DatasetCounts = { users: users.length, salespeople, teams, prospects, pool: 0, touches: 0, contacts: 0, tags: 0, colleagues: 0, history: 0, searchDocuments: 0, searchTokens: 0 };
  const search = plan.searchIndex ? new SearchTerms() : null;
  const skeleton = new GrowableColumns(Math.ceil(prospects * 11) + 1024);
  const scripts = new Uint8Array(prospects + 1);
  // Whose book each prospect is in (0: the pool), for the touches' owner as coaching reads it.
  const owners = new Int32Array(prospects + 1);
  const policy = DEFAULT_INTERVAL_POLICY;

  let chunk = newChunk();
  let contactId = 0;
  let historyId = 0;
  const times: number[] = [];
  for (let i = 0; i < prospects; i++) {
    const id = i + 1;
    const inPool = rng.chance(0.1);
    const handler = pickSales.pick(rng);
    const owner = inPool ? null : handler;
    owners[id] = owner ?? 0;
    if (inPool) counts.pool++;

    const script: Script = rng.chance(0.45) ? 0 : 1;
    scripts[id] = script;
    const mixed = rng.chance(0.05);
    const surname = v.SURNAMES[SURNAME_PICK.pick(rng)]!;
    const given = rng.chance(0.25) ? [rng.pick(v.GIVEN_CHARS)] : [rng.pick(v.GIVEN_CHARS), rng.pick(v.GIVEN_CHARS)];
    const name = surname[script] + given.map((g) => g[mixed ? (rng.next() < 0.5 ? 0 : 1) : script]).join('');
    const pinyinGiven = given.map((g) => g[2]).join('');

    const grade = GRADES.pick(rng);
    const importance = IMPORTANCES.pick(rng);
    const disposition = DISPOSITIONS.pick(rng);
    const override = rng.chance(0.08) ? rng.pick(OVERRIDES) : null;
    const interval = override ?? (disposition === 'keep' ? 80 : policy[grade][importance]);

    // How many touches, and when the latest one happened (days before today).
    const r = rng.next();
    const shot = oneShot(handler);
    let n: number;
    if (r < (shot ? 0.05 : 0.06)) n = 0;
    else if (r < (shot ? 0.65 : 0.21)) n = 1;
    else n = Math.min(250, 2 + Math.floor(rng.exp(shot ? 3 : 11.45)));
    let lastAgo = 0;
    if (n === 1) lastAgo = rng.int(1, 729);
    else if (n > 1) {
      if (disposition === 'dropped') lastAgo = rng.int(30, 729);
      else if (rng.chance(0.78)) lastAgo = rng.int(1, Math.ceil(interval * 1.3));
      else lastAgo = rng.int(1, 500);
      lastAgo = Math.min(lastAgo, 729);
    }

    // Touch instants, spaced about one interval apart, squeezed into the two-year window when there are many.
    times.length = 0;
    if (n > 0) {
      const lastDay = clock.today - lastAgo;
      times.push(clock.instant(lastDay, rng.int(9 * 3600, 21 * 3600 - 1)));
      const gapMean = Math.min(interval, (lastDay - clock.minDay) / n);
      let day = lastDay;
      for (let k = 1; k < n; k++) {
        day = Math.max(clock.minDay, day - Math.round(gapMean * (0.5 + rng.next())));
        times.push(clock.instant(day, rng.int(9 * 3600, 21 * 3600 - 1)));
      }
      times.sort((a, b) => a - b);
    }

    let sales = 0;
    let explicitDay = -1;
    const colleague = !inPool && rng.chance(0.05) ? teammate(handler) : null;
    for (let k = 0; k < n; k++) {
      let flags = (CHANNEL_PICK.pick(rng) << 5) | (rng.int(0, 3) << 8);
      if (k === 0) flags |= F_FIRST;
      if (n > 1 && rng.chance(0.012)) {
        flags |= F_SALE;
        sales++;
      }
      if (rng.chance(0.88)) flags |= F_KEPT;
      if (rng.chance(0.2)) flags |= F_INBOUND;
      let user = handler;
      if (rng.chance(0.03)) {
        user = colleague ?? teammate(handler);
        if (user !== handler) flags |= F_BEHALF;
      }
      let next = -1;
      if (k === n - 1 && disposition !== 'dropped' && disposition !== 'pause' && rng.chance(0.08)) {
        next = clock.dayOf(times[k]!) + rng.int(1, 30);
        explicitDay = next;
      }
      // The follow-up each touch set: the interval from its day; the last one's is the prospect's due date (below).
      skeleton.push(id, times[k]!, user, flags, next, clock.dayOf(times[k]!) + interval, k < n - 1 ? clock.dayOf(times[k + 1]!) : -1);
    }
    counts.touches += n;

    const resumeDay = disposition === 'pause' ? clock.today + rng.int(1, 90) : -1;
    const lastAt = n > 0 ? times[n - 1]! : null;
    let dueDay: number | null = null;
    if (disposition === 'dropped') dueDay = null;
    else if (explicitDay >= 0) dueDay = explicitDay;
    else if (disposition === 'pause') dueDay = resumeDay;
    else if (lastAt !== null) dueDay = clock.dayOf(lastAt) + interval;
    if (n > 0) skeleton.due[skeleton.length - 1] = dueDay ?? -1;

    const createdMs = n > 0 ? times[0]! - rng.int(0, 5 * 86_400) * 1000 : clock.instant(clock.today - rng.int(1, 729), rng.int(9 * 3600, 20 * 3600));
    const created = clock.iso(createdMs);
    const updated = lastAt !== null ? clock.iso(lastAt) : created;
    const company = rng.chance(0.65) ? makeCompany(rng, script) : null;
    const title = company && rng.chance(0.5) ? rng.pick(v.TITLES)[script] : null;

    chunk.prospects.push([
      id, name, company?.name ?? null, title, makeWechat(rng, script, surname[2] + pinyinGiven),
      rng.chance(0.35) ? makeAddress(rng, script) : null, SOURCES.pick(rng), handler, owner, grade, importance,
      CLOSES.pick(rng), disposition, resumeDay >= 0 ? clock.date(resumeDay) : null,
      disposition === 'dropped' ? rng.pick(v.DROPPED_REASONS) : null, override, CONSENTS.pick(rng),
      rng.chance(0.03) ? 1 : 0, sales === 0 ? 'prospect' : sales === 1 ? 'customer' : 'repeat_customer', n,
      lastAt !== null ? clock.iso(lastAt) : null, explicitDay >= 0 ? clock.date(explicitDay) : null,
      dueDay !== null ? clock.date(dueDay) : null, null, handler, 1 + n, created, updated, nameKey(name),
    ]);

    // Contacts: phones first, then emails, positions counting across both.
    let position = 0;
    const phones: string[] = [];
    const emails: string[] = [];
    const tags: string[] = [];
    const phoneCount = rng.chance(0.05) ? 0 : rng.chance(0.84) ? 1 : 2;
    for (let k = 0; k < phoneCount; k++) phones.push(makePhone(rng, script));
    const emailCount = rng.chance(0.4) ? 0 : rng.chance(0.87) ? 1 : 2;
    for (let k = 0; k < emailCount; k++) emails.push(makeEmail(rng, script, surname[2], pinyinGiven, company?.pinyin ?? null));
    for (const phone of phones) chunk.contacts.push([++contactId, id, 'phone', phone, position++]);
    for (const email of emails) chunk.contacts.push([++contactId, id, 'email', email, position++]);
    counts.contacts += phoneCount + emailCount;

    const tagCount = rng.chance(0.6) ? 0 : rng.chance(0.75) ? 1 : 2;
    const first = rng.int(0, v.TAGS.length - 1);
    for (let k = 0; k < tagCount; k++) tags.push(v.TAGS[(first + k * 3) % v.TAGS.length]![script]);
    for (const tag of tags) chunk.tags.push([id, tag]);
    counts.tags += tagCount;
    // A colleague other than the handler knows this prospect (交叉聯系).
    const linked = colleague !== null && colleague !== handler ? colleague : null;
    if (search) {
      const row = chunk.prospects[chunk.prospects.length - 1]!;
      const doc = { name, company: company?.name ?? null, title, wechatId: row[4] as string | null, emails, phones, tags };
      const terms = search.terms(doc);
      // The owner's key (k:0 for the pool), the linked colleague's viewer key, then the terms, as Pond writes them.
      const tokens = linked !== null ? [`k:${owner ?? 0}`, `k:-${linked}`, ...terms] : [`k:${owner ?? 0}`, ...terms];
      chunk.search.push([id, tokens.join(' '), owner, JSON.stringify(doc)]);
      counts.searchDocuments++;
      counts.searchTokens += tokens.length;
    }

    if (linked !== null) {
      chunk.colleagues.push([id, linked, handler, created]);
      counts.colleagues++;
    }
    if (grade !== 'unrated' && rng.chance(0.08)) {
      chunk.history.push([++historyId, id, updated, handler, 'grade', 'unrated', grade]);
      counts.history++;
    }

    if (chunk.prospects.length >= PROSPECT_CHUNK || i === prospects - 1) {
      await flushChunk(sink, chunk);
      chunk = newChunk();
      if ((i + 1) % 100_000 === 0) onProgress?.(`prospects ${i + 1}/${prospects}`);
    }
  }

  // Touches in time order: a counting sort by day keeps this linear; ids then follow the calendar.
  const order = skeleton.orderByDay((ms) => clock.dayOf(ms) - clock.minDay, clock.today - clock.minDay + 1);
  const text = rng.fork(7);
  let rows: Row[] = [];
  for (let j = 0; j < order.length; j++) {
    const k = order[j]!;
    const prospectId = skeleton.prospect[k]!;
    const flags = skeleton.flags[k]!;
    const at = clock.iso(skeleton.at[k]!);
    const script = scripts[prospectId] as Script;
    const sale = (flags & F_SALE) !== 0;
    const kept = (flags & F_KEPT) !== 0;
    const receptivity = (flags >> 8) & 3;
    const next = skeleton.next[k]!;
    const feedback = text.chance(0.4) ? text.pick(v.FEEDBACK)[script] : null;
    rows.push([
      j + 1, prospectId, skeleton.user[k], flags & F_BEHALF ? 1 : 0, CHANNELS[(flags >> 5) & 7],
      flags & F_INBOUND ? 'inbound' : 'outbound', at, flags & F_FIRST ? 'first_contact' : 'revisit',
      text.pick(v.SUMMARIES)[script], feedback,
      receptivity === 3 ? null : RECEPTIVITIES[receptivity], sale ? 1 : 0, kept ? 1 : 0,
      sale ? (kept ? 'complete' : 'pass') : kept ? 'success' : 'failure',
      text.chance(0.05) ? text.pick(v.LESSONS)[script] : null, next >= 0 ? clock.date(next) : null, at,
      owners[prospectId] || null, clock.date(clock.dayOf(skeleton.at[k]!)), skeleton.due[k]! >= 0 ? clock.date(skeleton.due[k]!) : null,
      skeleton.nextOn[k]! >= 0 ? clock.date(skeleton.nextOn[k]!) : null, feedback === null ? 0 : 1,
    ]);
    if (rows.length >= TOUCH_CHUNK) {
      await sink.insert('touches', rows);
      rows = [];
      if ((j + 1) % 1_000_000 < TOUCH_CHUNK) onProgress?.(`touches ${j + 1}/${order.length}`);
    }
  }
  if (rows.length) await sink.insert('touches', rows);
  return counts;
}

interface Chunk {
  prospects: Row[];
  contacts: Row[];
  tags: Row[];
  colleagues: Row[];
  history: Row[];
  search: Row[];
}

function newChunk(): Chunk {
  return { prospects: [], contacts: [], tags: [], colleagues: [], history: [], search: [] };
}

async function flushChunk(sink: DatasetSink, chunk: Chunk): Promise<void> {
  await sink.insert('prospects', chunk.prospects);
  if (chunk.contacts.length) await sink.insert('prospect_contacts', chunk.contacts);
  if (chunk.tags.length) await sink.insert('prospect_tags', chunk.tags);
  if (chunk.colleagues.length) await sink.insert('prospect_colleagues', chunk.colleagues);
  if (chunk.history.length) await sink.insert('prospect_history', chunk.history);
  if (chunk.search.length) await sink.insert('search_index', chunk.search);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
