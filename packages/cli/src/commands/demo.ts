import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Grade } from '@pond/domain';
import { CLI_META, CONSOLE, ManualClock, actorFor, type Actor, type Services } from '@pond/server';
import type { Command } from 'commander';
import { run } from '../context.js';
import { COMPANIES, FEEDBACK, GIVEN, LESSONS, SUMMARIES, SURNAMES, rng } from './demo-data.js';

const DAY = 86_400_000;
const ZONE = 'Asia/Taipei';

interface Person {
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'salesperson';
}

const TEAM: Person[] = [
  { email: 'admin@demo.pond', name: '系統管理員', role: 'admin' },
  { email: 'manager@demo.pond', name: '王經理', role: 'manager' },
  { email: 'wei@demo.pond', name: '小偉', role: 'salesperson' },
  { email: 'le@demo.pond', name: '肖樂', role: 'salesperson' },
  { email: 'lin@demo.pond', name: '林佳', role: 'salesperson' },
  // Left after three months; the manager handed their book to the pool.
  { email: 'chen@demo.pond', name: '陳志明', role: 'salesperson' },
];

/** 10:00 to 20:00 Taipei time (UTC+8, no daylight saving) on the given day. */
const workingHour = (dayStart: number, r: ReturnType<typeof rng>) => dayStart + (r.int(2, 12) * 60 + r.int(0, 59)) * 60_000;

async function asUser(services: Services, email: string): Promise<Actor> {
  return actorFor((await services.users.findByEmail(email))!, 'cli');
}

/**
 * One salesperson's six months. A nurturer follows up each prospect when the clock says so;
 * a one-shot seller meets many new prospects and never calls anyone twice.
 */
/** The showroom's catalogue: a car, its parts and an accessory, with the commission rules priced from the start. */
interface Shop {
  car: number;
  mats: number;
  film: number;
}

async function openShop(services: Services, admin: Actor, from: string): Promise<Shop> {
  const product = async (names: { 'zh-Hant': string; 'zh-Hans': string; en: string }, category: 'vehicle' | 'part' | 'accessory', listPriceMinor: number) =>
    (await services.catalogue.createProduct(admin, { names, category, listPriceMinor, currency: 'TWD', active: true }, CLI_META)).id;
  const shop = {
    car: await product({ 'zh-Hant': '都會轎車 1.8 豪華版', 'zh-Hans': '都市轿车 1.8 豪华版', en: 'City sedan 1.8 Deluxe' }, 'vehicle', 88_800_000),
    mats: await product({ 'zh-Hant': '全車腳踏墊', 'zh-Hans': '全车脚垫', en: 'Floor mats (set)' }, 'part', 350_000),
    film: await product({ 'zh-Hant': '隔熱紙', 'zh-Hans': '隔热膜', en: 'Window film' }, 'accessory', 1_200_000),
  };
  await services.catalogue.addRule(admin, { category: 'vehicle', rate: { kind: 'percent', basisPoints: 150 }, effectiveOn: from }, CLI_META);
  await services.catalogue.addRule(admin, { category: 'part', rate: { kind: 'percent', basisPoints: 500 }, effectiveOn: from }, CLI_META);
  await services.catalogue.addRule(admin, { category: 'accessory', rate: { kind: 'fixed', minorPerUnit: 50_000, currency: 'TWD' }, effectiveOn: from }, CLI_META);
  return shop;
}

const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The sale at the end of the story: a car and its parts, closed with the three gains (the commission, the lessons,
 * the relationship kept), delivered a week later when that day has come.
 */
async function sell(services: Services, clock: ManualClock, actor: Actor, shop: Shop, prospectId: number, end: number, r: ReturnType<typeof rng>) {
  const at = clock.now().getTime();
  const deliveryOn = dayOf(at + 7 * DAY);
  const order = await services.orders.create(
    actor,
    prospectId,
    {
      currency: 'TWD',
      deliveryOn,
      lines: [
        { productId: shop.car, quantity: 1, unitMinor: 88_800_000, discount: { kind: 'amount', minor: 1_000_000 } },
        { productId: shop.mats, quantity: 1, unitMinor: 350_000 },
        { productId: shop.film, quantity: 1, unitMinor: 1_200_000, discount: { kind: 'percent', basisPoints: 2000 } },
      ],
    },
    CLI_META,
  );
  const confirmed = await services.orders.confirm(actor, order.id, { lessons: r.pick(LESSONS), relationshipKept: true, summary: '客戶請我推薦車款，成交新車與零件' }, CLI_META);
  const delivered = at + 7 * DAY + 3_600_000;
  if (delivered < end) {
    clock.set(new Date(delivered));
    await services.orders.deliver(actor, order.id, { version: confirmed.version }, CLI_META);
  }
}

async function playSeller(services: Services, clock: ManualClock, actor: Actor, style: 'nurture' | 'one-shot' | 'mixed', start: number, end: number, seed: number, shop: Shop) {
  const r = rng(seed);
  let phone = 13_100_000_000 + seed * 1_000_000;
  const perDay = style === 'one-shot' ? 15 : style === 'nurture' ? 0.35 : 0.6;
  const created: number[] = [];
  const firstDay = style === 'one-shot' ? end - 56 * DAY : start;
  for (let day = firstDay; day < end - DAY; day += DAY) {
    const weekday = new Date(day + 8 * 3_600_000).getUTCDay();
    if (weekday === 0) continue;
    const count = perDay >= 1 ? perDay : r.chance(perDay) ? 1 : 0;
    for (let i = 0; i < count; i++) {
      clock.set(new Date(workingHour(day, r)));
      const grade: Grade = style === 'one-shot' ? r.pick(['unrated', 'C', 'B'] as const) : r.pick(['A', 'A', 'B', 'B', 'C'] as const);
      const p = await services.prospects.create(
        actor,
        {
          name: `${r.pick(SURNAMES)}${r.pick(GIVEN)}`,
          company: r.pick(COMPANIES),
          phones: [`+86${phone++}`],
          emails: [],
          source: r.pick(['walk_in', 'referral', 'card', 'event'] as const),
          grade,
          importance: r.pick(['key', 'normal', 'normal', 'small'] as const),
          expectedClose: r.pick(['within_1m', 'within_3m', 'within_6m', 'later', 'unknown'] as const),
          tags: r.chance(0.3) ? ['車展'] : [],
          newsletterConsent: r.pick(['subscribed', 'unknown'] as const),
          doNotCall: false,
        },
        CLI_META,
      );
      created.push(p.id);
      let at = clock.now().getTime() + r.int(1, 4) * 3_600_000;
      if (at >= end) continue;
      clock.set(new Date(at));
      let result = await services.touches.log(
        actor,
        p.id,
        { channel: style === 'one-shot' ? 'visit' : 'call', direction: 'outbound', summary: r.pick(SUMMARIES), feedback: r.pick(FEEDBACK), receptivity: r.pick(['welcomed', 'neutral', 'reluctant'] as const), saleMade: false, relationshipKept: true },
        CLI_META,
      );
      if (style === 'one-shot') continue;
      // Follow the clock: revisit on (or a day or two after) each due date until today.
      let visits = 1;
      while (result.prospect.nextDueOn) {
        at = Date.parse(`${result.prospect.nextDueOn}T00:00:00+08:00`) + r.int(0, style === 'nurture' ? 1 : 6) * DAY;
        at = workingHour(at, r);
        if (at >= end || (style === 'mixed' && r.chance(0.3))) break;
        clock.set(new Date(at));
        const sale = visits >= 3 && grade === 'A' && r.chance(0.35);
        if (sale) {
          await sell(services, clock, actor, shop, p.id, end, r);
          break;
        }
        result = await services.touches.log(
          actor,
          p.id,
          { channel: r.pick(['call', 'call', 'message', 'visit'] as const), direction: 'outbound', summary: r.pick(SUMMARIES), feedback: r.pick(FEEDBACK), receptivity: 'welcomed', saleMade: false, relationshipKept: true },
          CLI_META,
        );
        visits++;
      }
    }
  }
  return created;
}

/**
 * The team's seminar, held yesterday: the manager organised it with 小偉 at the door; 小偉 and 肖樂 invited some of
 * their prospects, a few answered, and at the door 小偉 checked in his guests and a walk-in, the manager one more of
 * his (on the company's behalf); 肖樂's guests did not come. 小偉 finds his attendees on Today. A test-drive day is
 * coming next week.
 */
async function holdEvents(services: Services, clock: ManualClock, end: number, teamId: number, weiBook: number[], leBook: number[]) {
  const boss = await asUser(services, 'manager@demo.pond');
  const wei = await asUser(services, 'wei@demo.pond');
  const le = await asUser(services, 'le@demo.pond');
  const yesterday = dayOf(end - DAY);
  clock.set(new Date(end - 8 * DAY));
  const seminar = await services.events.create(
    boss,
    {
      title: '新車品鑑會：都會轎車 1.8',
      kind: 'seminar',
      startsAt: new Date(`${yesterday}T14:00:00+08:00`).toISOString(),
      endsAt: new Date(`${yesterday}T17:00:00+08:00`).toISOString(),
      timeZone: ZONE,
      place: '台北展示中心 二樓講堂',
      capacity: 40,
      notes: '新車型介紹、試乘與保養方案說明；來賓請準備名片。',
      teamId,
      hostIds: [wei.userId],
    },
    CLI_META,
  );
  const weiGuests = weiBook.slice(0, 5);
  const leGuests = leBook.slice(0, 4);
  if (weiGuests.length) await services.events.invite(wei, seminar.id, { prospectIds: weiGuests, channel: 'in_person' }, CLI_META);
  if (leGuests.length) await services.events.invite(le, seminar.id, { prospectIds: leGuests, channel: 'in_person' }, CLI_META);
  // Answers given by phone during the week.
  clock.set(new Date(end - 5 * DAY));
  const list = (await services.events.invitations(boss, seminar.id, {})).items;
  const byProspect = new Map(list.map((i) => [i.prospect.id, i]));
  for (const [actor, ids] of [[wei, weiGuests.slice(0, 4)], [le, leGuests.slice(0, 2)]] as const) {
    for (const id of ids) {
      const inv = byProspect.get(id);
      if (inv) byProspect.set(id, await services.events.move(actor, inv.id, { state: 'accepted', version: inv.version }, CLI_META));
    }
  }
  const declined = byProspect.get(weiGuests[4]!);
  if (declined) await services.events.move(wei, declined.id, { state: 'declined', version: declined.version }, CLI_META);
  // At the door.
  clock.set(new Date(`${yesterday}T14:20:00+08:00`));
  for (const id of weiGuests.slice(0, 3)) {
    const inv = byProspect.get(id);
    if (inv) await services.events.checkIn(wei, inv.id, { version: inv.version, summary: '試乘後對油電版很有興趣，想了解保養方案' }, CLI_META);
  }
  // The manager met one of 小偉's guests while he was busy: on the company's behalf.
  const fourth = weiGuests[3] === undefined ? undefined : byProspect.get(weiGuests[3]);
  if (fourth) await services.events.checkIn(boss, fourth.id, { version: fourth.version, summary: '問了舊車換購的條件' }, CLI_META);
  clock.set(new Date(`${yesterday}T15:05:00+08:00`));
  await services.events.walkIn(wei, seminar.id, { name: '黃建國', company: '建國貿易', phones: ['+886933218765'], emails: [], grade: 'B', summary: '路過看到活動進來，家裡想換七人座' }, CLI_META);
  // After the seminar 小偉 closes the list: 肖樂's two guests who said yes never came (nobody had called them since).
  clock.set(new Date(`${yesterday}T18:00:00+08:00`));
  await services.events.close(wei, seminar.id, (await services.events.get(wei, seminar.id)).version, CLI_META);
  // Next week's test-drive day, for the whole showroom.
  clock.set(new Date(end - 2 * DAY));
  const day = dayOf(end + 6 * DAY);
  const testDrive = await services.events.create(
    boss,
    { title: '週末試乘日', kind: 'test_drive', startsAt: new Date(`${day}T10:00:00+08:00`).toISOString(), endsAt: new Date(`${day}T16:00:00+08:00`).toISOString(), timeZone: ZONE, place: '台北展示中心', capacity: 20, teamId: null, hostIds: [wei.userId, le.userId] },
    CLI_META,
  );
  const later = weiBook.slice(5, 8);
  if (later.length) await services.events.invite(wei, testDrive.id, { prospectIds: later, channel: 'in_person' }, CLI_META);
}

/**
 * 通訊: one issue sent six weeks ago and one waiting for the manager. The sent one really goes through SMTP, to a
 * sink that keeps nothing, started here for the purpose; the installation is left with no mail settings, as before.
 */
async function writeNewsletters(services: Services, clock: ManualClock, end: number, weiBook: number[]) {
  const [wei, boss, admin] = [await asUser(services, 'wei@demo.pond'), await asUser(services, 'manager@demo.pond'), await asUser(services, 'admin@demo.pond')];
  clock.set(new Date(end - 45 * DAY));
  // Readers who left an address at a visit and asked for the market notes.
  const readers = weiBook.slice(0, 8);
  for (const [i, id] of readers.entries()) {
    const { version } = (await services.prospects.get(wei, id)).prospect;
    await services.prospects.update(wei, id, version, { emails: [`reader${i + 1}@example.com`], newsletterConsent: 'subscribed', tags: ['通訊'] }, CLI_META);
  }
  await services.auth.updateMe(wei, { title: '銷售顧問', phone: '+886912345678' });
  const sink = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, closeTimeout: 200, onData: (stream, _s, done) => (stream.on('data', () => undefined), stream.on('end', () => done())) });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  try {
    const port = (sink.server.address() as AddressInfo).port;
    await services.mail.setSettings(admin, 0, { host: '127.0.0.1', port, security: 'none', fromAddress: 'news@demo.pond', fromName: '台北展示中心' }, CLI_META);
    const first = await services.newsletters.create(wei, { subject: '年底購車指南：三款休旅車比一比', bodyMarkdown: DEMO_ISSUE, advertisement: false, audience: 'tag=通訊' }, CLI_META);
    await services.newsletters.refresh(wei, first.id, first.version, CLI_META);
    const list = await services.newsletters.copies(wei, first.id, { limit: 3 });
    const firstReader = list.items.find((c) => c.can.note);
    if (firstReader) await services.newsletters.setNote(wei, firstReader.id, `${firstReader.prospect.name}您好，上次您問到七人座的油耗，這期剛好有比較表，給您參考。`, CLI_META);
    const submitted = await services.newsletters.submit(wei, first.id, (await services.newsletters.get(wei, first.id)).version, CLI_META);
    const approved = await services.newsletters.review(boss, first.id, { version: submitted.version, decision: 'approve', comment: '比較表清楚，可以發。' }, CLI_META);
    await services.newsletters.send(wei, first.id, { version: approved.version }, CLI_META);
    const actor = { system: true as const, label: 'Pond (demo)', job: 'demo' };
    for (let step = 0; (await services.newsletters.get(wei, first.id)).state === 'sending' && step < 20; step++) {
      await services.newsletters.sendLane({ issueId: first.id, round: 'x0', lane: 1, step }, { actor, signal: new AbortController().signal });
    }
  } finally {
    services.mail.close();
    await new Promise<void>((r) => sink.close(() => r()));
    // Back to no mail settings: the demo's sink is gone, and mail is for an admin to set up.
    await services.mail.clearSettings(admin, (await services.mail.getSettings(admin)).version, CLI_META);
    await services.jobs.discard('newsletter.send:');
  }
  clock.set(new Date(end - 2 * DAY));
  const second = await services.newsletters.create(wei, { subject: '冬季保養提醒：電瓶與輪胎', bodyMarkdown: DEMO_SECOND, advertisement: false, audience: 'tag=通訊' }, CLI_META);
  const built = await services.newsletters.refresh(wei, second.id, second.version, CLI_META);
  await services.newsletters.submit(wei, second.id, built.version, CLI_META);
}

const DEMO_ISSUE = `## 三款休旅車，一張表看懂

年底換車的客戶最常問：空間、油耗、保養費用，哪一台最划算？

| | 七人座 | 油電 | 跑旅 |
|---|---|---|---|
| 每百公里油耗 | 8.9 L | 5.1 L | 7.6 L |
| 第三排 | 有 | 無 | 無 |
| 五年保養估算 | NT$ 62,000 | NT$ 48,000 | NT$ 55,000 |

**小提醒**：年底前下訂，牌照稅可以省一期。`;

const DEMO_SECOND = `## 冬天來了，先看這兩件事

1. **電瓶**：三年以上的電瓶，冷天最容易發不動。
2. **輪胎**：胎紋低於 1.6 mm 就該換了，雨天煞車距離差很多。

到店檢查免費，十分鐘就好。`;

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('fill an empty book with a demo team and six months of prospects and touches (existing users are kept)')
    .action(() => {
      const clock = new ManualClock(new Date());
      return run(async ({ services }) => {
        // An empty book: no prospect yet. Users may be there (the first admin made through the setup link): the demo
        // adds its team beside them, unless it is there already.
        if (!(await services.setup.bookIsEmpty())) {
          throw new Error('The database already has prospects; the demo only fills an empty book (users may exist: the demo adds its team beside them).');
        }
        if ((await services.users.list(CONSOLE)).some((u) => u.email.endsWith('@demo.pond'))) {
          throw new Error('The demo team is already here.');
        }
        const end = Date.now();
        const start = end - 182 * DAY;
        clock.set(new Date(start - DAY));
        const password = `pond-demo-${randomBytes(6).toString('base64url')}`;
        for (const p of TEAM) {
          await services.users.create(CONSOLE, { email: p.email, displayName: p.name, role: p.role, password, locale: 'zh-Hant', timeZone: ZONE }, CLI_META);
        }
        const manager = await services.users.findByEmail('manager@demo.pond');
        const team = await services.teams.create(CONSOLE, { name: '台北展示中心', managerId: manager!.id }, CLI_META);
        for (const email of ['wei@demo.pond', 'le@demo.pond', 'lin@demo.pond', 'chen@demo.pond']) {
          const u = (await services.users.findByEmail(email))!;
          await services.users.update(CONSOLE, u.id, undefined, { teamId: team.id }, CLI_META);
        }
        const left = start + 91 * DAY;
        const shop = await openShop(services, await asUser(services, 'admin@demo.pond'), dayOf(start - DAY));
        const weiBook = await playSeller(services, clock, await asUser(services, 'wei@demo.pond'), 'nurture', start, end, 1, shop);
        const leBook = await playSeller(services, clock, await asUser(services, 'le@demo.pond'), 'one-shot', start, end, 2, shop);
        const linBook = await playSeller(services, clock, await asUser(services, 'lin@demo.pond'), 'mixed', start, end, 3, shop);
        const counts = { wei: weiBook.length, le: leBook.length, lin: linBook.length };
        // A sale that fell through: 林佳's order, confirmed and then cancelled when the loan was refused.
        if (linBook.length) {
          const lin = await asUser(services, 'lin@demo.pond');
          clock.set(new Date(end - 10 * DAY));
          const order = await services.orders.create(lin, linBook[0]!, { currency: 'TWD', lines: [{ productId: shop.car, quantity: 1, unitMinor: 88_800_000 }] }, CLI_META);
          const confirmed = await services.orders.confirm(lin, order.id, { lessons: '沒先確認貸款條件就下訂，下次先陪客戶跑一趟銀行', relationshipKept: true }, CLI_META);
          clock.set(new Date(end - 8 * DAY));
          await services.orders.cancel(lin, order.id, { version: confirmed.version, reason: '客戶貸款未核准，取消訂單' }, CLI_META);
        }
        await holdEvents(services, clock, end, team.id, weiBook, leBook);
        await writeNewsletters(services, clock, end, weiBook);
        // 陳志明 sold for three months and left; the manager released his book to the pool for the team to claim.
        const chen = await playSeller(services, clock, await asUser(services, 'chen@demo.pond'), 'mixed', start, left, 4, shop);
        clock.set(new Date(left + DAY));
        const boss = await asUser(services, 'manager@demo.pond');
        for (const id of chen) await services.pool.release(boss, id, '業務離職，交回公海', CLI_META);
        const chenUser = (await services.users.findByEmail('chen@demo.pond'))!;
        await services.users.update(CONSOLE, chenUser.id, undefined, { active: false }, CLI_META);
        clock.set(new Date(end));
        console.log(`Demo ready: 小偉 ${counts.wei}, 肖樂 ${counts.le}, 林佳 ${counts.lin} prospects over six months; ${chen.length} in the pool from 陳志明, who left.\n`);
        console.log('Sign in with any of these (password shown once):');
        for (const p of TEAM.filter((x) => x.email !== 'chen@demo.pond')) console.log(`  ${p.email.padEnd(20)} ${p.name}  (${p.role})`);
        console.log(`\n  password: ${password}\n`);
      }, clock);
    });
}
