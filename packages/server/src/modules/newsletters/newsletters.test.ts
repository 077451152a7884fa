import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describeEachDialect } from '@pond/db/testing';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import nodemailer from 'nodemailer';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/definitions.js';
import { JobRunner } from '../../jobs/runner.js';
import { LONG_SESSIONS, person, prospect as newProspect, team, type ProspectFields } from '../../testing/factories.js';
import { Inbox } from '../../testing/smtp-inbox.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { InboundListener } from './inbound.js';

describeEachDialect('newsletters: approval, signed copies, durable sending over real SMTP', (ctx) => {
  let t: TestApp;
  const inbox = new Inbox();
  let runner: JobRunner;
  let wei: string;
  let le: string;
  let far: string;
  let boss: string;
  let admin: string;
  let weiId: number;
  let leId: number;
  const dkim = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

  beforeAll(async () => {
    await inbox.start();
    t = await createTestApp(ctx.database, { POND_SECRET_KEY: randomBytes(32).toString('hex'), POND_DEFAULT_TIME_ZONE: 'Asia/Taipei', ...LONG_SESSIONS, POND_NEWSLETTER_LANES: '2', POND_BASE_URL: 'http://pond.test' });
    t.clock.set('2026-12-01T02:00:00.000Z');
    const showroom = await team(t, {
      name: 'Showroom',
      manager: { email: 'boss@pond.test' },
      members: [{ email: 'wei@pond.test', title: '業務經理', phone: '+886912345678', locale: 'zh-Hant' }, { email: 'le@pond.test' }],
    });
    const south = await team(t, { name: 'South', manager: null, members: [{ email: 'far@pond.test' }] });
    [{ id: weiId, cookie: wei }, { id: leId, cookie: le }] = showroom.members;
    [boss, far] = [showroom.manager.cookie, south.members[0].cookie];
    ({ cookie: admin } = await person(t, 'admin', { email: 'root@pond.test' }));
    const mail = await t.call('PUT', '/api/v1/settings/mail', {
      cookie: admin,
      body: { version: 0, host: '127.0.0.1', port: inbox.port, security: 'none', user: inbox.user, password: inbox.pass, fromAddress: 'news@pond.test', fromName: 'Pond', dkim: { domain: 'pond.test', selector: 'pond', privateKey: dkim.privateKey } },
    });
    expect(mail.statusCode, mail.body).toBe(200);
    const { definitions } = jobDefinitions(t.app.services, { database: ctx.database, config: t.config, clock: t.clock });
    runner = new JobRunner(ctx.database, t.clock, definitions, { leaseMs: 60_000 });
  });
  afterAll(async () => {
    t.app.services.mail.close();
    await inbox.stop();
  });

  /** Moves the clock; months later, everyone signs in again (sessions end after 30 idle days). */
  const at = async (iso: string) => {
    t.clock.set(iso);
    [wei, le, far, boss, admin] = (await Promise.all(['wei', 'le', 'far', 'boss', 'root'].map((n) => t.login(`${n}@pond.test`)))) as [string, string, string, string, string];
  };
  let seq = 0;
  const prospect = async (cookie: string, name: string, extra: ProspectFields = {}) => {
    const email = `p${(seq += 1)}@example.test`;
    return { id: (await newProspect(t, cookie, { name, grade: 'A', emails: [email], newsletterConsent: 'subscribed', ...extra })).id, email };
  };
  const issue = async (cookie: string, tag: string, body: object = {}) => {
    const res = await t.call('POST', '/api/v1/newsletters', { cookie, body: { subject: '電動車市場分析', bodyMarkdown: '# 本季重點\n\n各品牌續航比較，**一目了然**。', audience: `tag=${encodeURIComponent(tag)}`, ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const act = async (cookie: string, id: number, what: string, body: object = {}) => {
    const current = (await t.call('GET', `/api/v1/newsletters/${id}`, { cookie: admin })).json();
    return t.call('POST', `/api/v1/newsletters/${id}/${what}`, { cookie, body: { version: current.version, ...body } });
  };
  const copies = async (cookie: string, id: number, query = '') => {
    const res = await t.call('GET', `/api/v1/newsletters/${id}/copies?limit=200${query}`, { cookie });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: number; prospect: { id: number }; state: string; excluded: string | null; signer: { id: number } | null; noteShown: string | null; smtpReply: string | null; can: { note: boolean } }[]; excludedBy: Record<string, number> };
  };
  const drain = async () => {
    for (let i = 0; i < 200 && (await runner.runOnce()); i++);
  };
  /** Builds, submits, approves and sends an issue written by wei, reviewed by boss. */
  const approvedAndSent = async (id: number) => {
    expect((await act(wei, id, 'submit')).statusCode).toBe(200);
    expect((await act(boss, id, 'review', { decision: 'approve' })).statusCode).toBe(200);
    const sent = await act(wei, id, 'send');
    expect(sent.statusCode, sent.body).toBe(200);
    await drain();
  };

  it('builds the list with each exclusion explained, and signs each copy by whoever knows the prospect best', async () => {
    const tag = 'n-audience';
    const plain = await prospect(wei, '林小姐', { tags: [tag] });
    const linked = await prospect(wei, '陳先生', { tags: [tag] });
    await prospect(wei, '無信箱', { tags: [tag], emails: [], phones: ['+886911000001'] });
    await prospect(wei, '已退訂', { tags: [tag], newsletterConsent: 'unsubscribed' });
    const customer = await prospect(wei, '老客戶', { tags: [tag] });
    await ctx.database.db.updateTable('prospects').set({ stage: 'customer' }).where('id', '=', customer.id).execute();
    // 陳先生's last touch is le's: le knows him best and signs his copy.
    expect((await t.call('POST', `/api/v1/prospects/${linked.id}/colleagues`, { cookie: wei, body: { userId: leId } })).statusCode).toBe(200);
    t.clock.set('2026-12-01T03:00:00.000Z');
    expect((await t.call('POST', `/api/v1/prospects/${linked.id}/touches`, { cookie: le, body: { channel: 'call', relationshipKept: true, summary: '聊到新車' } })).statusCode).toBe(201);
    const n = await issue(wei, tag);
    const built = await act(wei, n.id, 'audience');
    expect(built.statusCode, built.body).toBe(200);
    const list = await copies(wei, n.id);
    const of = (id: number) => list.items.find((c) => c.prospect.id === id)!;
    expect(of(plain.id)).toMatchObject({ state: 'planned', excluded: null, signer: { id: weiId } });
    expect(of(plain.id).noteShown).toContain('林小姐');
    expect(of(linked.id).signer).toMatchObject({ id: leId });
    expect(of(customer.id)).toMatchObject({ state: 'excluded', excluded: 'customer_without_note' });
    expect(list.excludedBy).toEqual({ no_email: 1, unsubscribed: 1, customer_without_note: 1 });
    // The customer's signer writes a note of their own: now the copy may go.
    const note = await t.call('PUT', `/api/v1/newsletter-copies/${of(customer.id).id}/note`, { cookie: wei, body: { note: '王先生，上次交車後一切都好嗎？這期有保養重點。' } });
    expect(note.statusCode, note.body).toBe(200);
    expect(note.json()).toMatchObject({ state: 'planned', excluded: null });
    // le sees and signs only his own reader; far sees nothing of the issue.
    const mine = await copies(le, n.id);
    expect(mine.items.map((c) => c.prospect.id)).toEqual([linked.id]);
    expect((await t.call('PUT', `/api/v1/newsletter-copies/${of(plain.id).id}/note`, { cookie: le, body: { note: '我來寫' } })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/newsletters/${n.id}`, { cookie: far })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/newsletter-copies/${of(plain.id).id}/preview`, { cookie: far })).statusCode).toBe(404);
    expect((await t.call('PATCH', `/api/v1/newsletters/${n.id}`, { cookie: far, body: { subject: 'x', version: 1 } })).statusCode).toBe(404);
  });

  it('approves only through another manager; an edit after approval returns the issue to draft; an unapproved issue does not send', async () => {
    const tag = 'n-approval';
    await prospect(wei, '張經理', { tags: [tag] });
    const n = await issue(wei, tag);
    expect((await act(wei, n.id, 'send')).statusCode).toBe(409);
    expect((await act(wei, n.id, 'submit')).statusCode).toBe(200);
    // The author is no reviewer; the manager of the author's team is.
    expect((await act(wei, n.id, 'review', { decision: 'approve' })).statusCode).toBe(403);
    const sent = await act(wei, n.id, 'send');
    expect(sent.statusCode).toBe(409);
    expect(sent.json().error.code).toBe('ISSUE_NOT_APPROVED');
    const approved = await act(boss, n.id, 'review', { decision: 'approve', comment: '內容清楚' });
    expect(approved.json()).toMatchObject({ state: 'approved', reviewer: { name: expect.any(String) }, reviewComment: '內容清楚' });
    const edited = await t.call('PATCH', `/api/v1/newsletters/${n.id}`, { cookie: wei, body: { version: approved.json().version, subject: '電動車市場分析（修訂）' } });
    expect(edited.json()).toMatchObject({ state: 'draft' });
    expect((await act(wei, n.id, 'send')).statusCode).toBe(409);
    // A manager cannot approve their own issue.
    const own = await issue(boss, tag);
    expect((await act(boss, own.id, 'submit')).statusCode).toBe(200);
    const self = await act(boss, own.id, 'review', { decision: 'approve' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SELF_APPROVAL');
    expect((await act(admin, own.id, 'review', { decision: 'reject', comment: '請補上數據來源' })).json()).toMatchObject({ state: 'rejected', reviewComment: '請補上數據來源' });
    // The author hears of the review on the bell.
    const bell = (await t.call('GET', '/api/v1/notifications', { cookie: boss })).json();
    expect(bell.items.map((i: { kind: string }) => i.kind)).toContain('issue_reviewed');
  });

  it('sends one signed copy per recipient over SMTP, DKIM-signed over the unsubscribe headers, on the timeline, without moving the clock', async () => {
    const tag = 'n-send';
    const a = await prospect(wei, '王小明', { tags: [tag] });
    const b = await prospect(wei, '李大華', { tags: [tag] });
    const dueBefore = await ctx.database.db.selectFrom('prospects').select(['id', 'next_due_on', 'touch_count']).where('id', 'in', [a.id, b.id]).orderBy('id').execute();
    const n = await issue(wei, tag);
    const before = inbox.received.length;
    await approvedAndSent(n.id);
    const got = inbox.received.slice(before);
    expect(got.map((m) => m.to[0]).sort()).toEqual([a.email, b.email].sort());
    const view = (await t.call('GET', `/api/v1/newsletters/${n.id}`, { cookie: wei })).json();
    expect(view).toMatchObject({ state: 'sent', counts: { accepted: 2, planned: 0, unknown: 0 } });
    const m = got.find((x) => x.to[0] === a.email)!;
    // The return path is the copy's own, for bounces.
    expect(m.from).toMatch(/^bounce\+[0-9]+\.[A-Za-z0-9_-]{32}@pond\.test$/);
    const parsed = await PostalMime.parse(m.data);
    const signerName = (await ctx.database.db.selectFrom('users').select('display_name').where('id', '=', weiId).executeTakeFirstOrThrow()).display_name;
    expect(parsed.from).toMatchObject({ name: signerName, address: 'news@pond.test' });
    expect(parsed.replyTo?.[0]?.address).toBe('wei@pond.test');
    const header = (k: string) => parsed.headers.find((h) => h.key === k)?.value;
    expect(header('list-unsubscribe')).toMatch(/^<http:\/\/pond\.test\/api\/v1\/newsletters\/unsubscribe\?t=/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header('list-id')).toBe('<newsletter.pond.test>');
    expect(parsed.text).toContain('王小明');
    expect(parsed.html).toContain('tel:+886912345678');
    const publicKey = dkim.publicKey.toString('base64');
    const verified = await dkimVerify(Buffer.from(m.data), { resolver: async (name: string) => (name === 'pond._domainkey.pond.test' ? [[`v=DKIM1; k=rsa; p=${publicKey}`]] : []) });
    const sig = verified.results[0]!;
    expect(sig.status.result).toBe('pass');
    // The signature's h= tag names the headers it covers: RFC 8058 wants both unsubscribe headers among them.
    const hTag = /\bh=([^;]+)/.exec(header('dkim-signature')!.replace(/\s+/g, ''))![1]!;
    const signed = hTag.toLowerCase().split(':');
    expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']));
    // On the timeline as a newsletter, credited to its signer; the personal clock is where it was.
    const history = await ctx.database.db.selectFrom('prospect_history').select(['prospect_id', 'user_id']).where('field', '=', 'newsletter').where('prospect_id', 'in', [a.id, b.id]).execute();
    expect(history).toHaveLength(2);
    expect(history.every((h) => h.user_id === weiId)).toBe(true);
    const dueAfter = await ctx.database.db.selectFrom('prospects').select(['id', 'next_due_on', 'touch_count']).where('id', 'in', [a.id, b.id]).orderBy('id').execute();
    expect(dueAfter).toEqual(dueBefore);
    // Running the queue again sends nothing more.
    await drain();
    expect(inbox.received.length - before).toBe(2);
  });

  it('unsubscribes with one POST and no session; a GET changes nothing; copies not yet sent stop', async () => {
    const tag = 'n-unsub';
    const a = await prospect(wei, '周先生', { tags: [tag] });
    const n = await issue(wei, tag);
    const before = inbox.received.length;
    await approvedAndSent(n.id);
    const parsed = await PostalMime.parse(inbox.received.slice(before)[0]!.data);
    const url = new URL(parsed.headers.find((h) => h.key === 'list-unsubscribe')!.value.slice(1, -1));
    const path = `${url.pathname}${url.search}`;
    const page = await t.call('GET', path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    const consent = async () => (await ctx.database.db.selectFrom('prospects').select('newsletter_consent').where('id', '=', a.id).executeTakeFirstOrThrow()).newsletter_consent;
    expect(await consent()).toBe('subscribed');
    const post = await t.call('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(post.statusCode, post.body).toBe(200);
    expect(await consent()).toBe('unsubscribed');
    // A forged link is a 404.
    expect((await t.call('POST', `${url.pathname}?t=1.${'A'.repeat(32)}`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).statusCode).toBe(404);
    // The next issue, approved while they were still subscribed, is stopped at send time.
    await at('2027-02-01T02:00:00.000Z');
    const next = await issue(wei, tag);
    await ctx.database.db.updateTable('prospects').set({ newsletter_consent: 'subscribed' }).where('id', '=', a.id).execute();
    expect((await act(wei, next.id, 'submit')).statusCode).toBe(200);
    expect((await act(boss, next.id, 'review', { decision: 'approve' })).statusCode).toBe(200);
    await ctx.database.db.updateTable('prospects').set({ newsletter_consent: 'unsubscribed' }).where('id', '=', a.id).execute();
    expect((await act(wei, next.id, 'send')).statusCode).toBe(200);
    const count = inbox.received.length;
    await drain();
    expect(inbox.received.length).toBe(count);
    expect((await copies(wei, next.id)).items[0]).toMatchObject({ state: 'suppressed' });
  });

  it('retries 421, 451 and a connection dropped mid-DATA; a 550 fails the copy and suppresses the address', async () => {
    await at('2027-04-01T02:00:00.000Z');
    const tag = 'n-faults';
    const busy = await prospect(wei, '忙線甲', { tags: [tag] });
    const later = await prospect(wei, '稍後乙', { tags: [tag] });
    const cut = await prospect(wei, '斷線丙', { tags: [tag] });
    const bad = await prospect(wei, '無此人丁', { tags: [tag] });
    inbox.faults.set(busy.email, ['421']);
    inbox.faults.set(later.email, ['451', '451']);
    inbox.faults.set(cut.email, ['cut']);
    inbox.faults.set(bad.email, ['550']);
    const n = await issue(wei, tag);
    const before = inbox.received.length;
    await approvedAndSent(n.id);
    let list = await copies(wei, n.id);
    const of = (id: number) => list.items.find((c) => c.prospect.id === id)!;
    expect(of(busy.id).state).toBe('retry');
    expect(of(later.id).state).toBe('retry');
    expect(of(cut.id).state).toBe('retry');
    expect(of(bad.id)).toMatchObject({ state: 'failed', smtpReply: expect.stringContaining('550') });
    expect((await ctx.database.db.selectFrom('mail_suppressions').select('reason').where('address', '=', bad.email).executeTakeFirst())?.reason).toBe('refused');
    // The retries fall due: the 451 twice, then everyone gets exactly one copy.
    for (const minutes of [2, 7, 40]) {
      t.clock.set(new Date(Date.parse('2027-04-01T02:00:00.000Z') + minutes * 60_000).toISOString());
      await drain();
    }
    list = await copies(wei, n.id);
    expect([busy, later, cut].map((p) => of(p.id).state)).toEqual(['accepted', 'accepted', 'accepted']);
    const received = inbox.received.slice(before).map((m) => m.to[0]);
    for (const p of [busy, later, cut]) expect(received.filter((r) => r === p.email)).toHaveLength(1);
    expect(received).not.toContain(bad.email);
    expect((await t.call('GET', `/api/v1/newsletters/${n.id}`, { cookie: wei })).json()).toMatchObject({ state: 'sent', counts: { accepted: 3, failed: 1 } });
  });

  it('holds the caps at send time: two issues to one prospect at once, only one goes', async () => {
    await at('2027-06-01T02:00:00.000Z');
    const tag = 'n-caps';
    const p = await prospect(wei, '搶先生', { tags: [tag] });
    const first = await issue(wei, tag, { subject: '第一期' });
    const second = await issue(wei, tag, { subject: '第二期' });
    for (const n of [first, second]) {
      expect((await act(wei, n.id, 'submit')).statusCode).toBe(200);
      expect((await act(boss, n.id, 'review', { decision: 'approve' })).statusCode).toBe(200);
    }
    for (const n of [first, second]) expect((await act(wei, n.id, 'send')).statusCode).toBe(200);
    const before = inbox.received.length;
    const { definitions } = jobDefinitions(t.app.services, { database: ctx.database, config: t.config, clock: t.clock });
    const other = new JobRunner(ctx.database, t.clock, definitions, { leaseMs: 60_000 });
    const both = async (r: JobRunner) => {
      for (let i = 0; i < 50 && (await r.runOnce()); i++);
    };
    await Promise.all([both(runner), both(other)]);
    expect(inbox.received.slice(before).filter((m) => m.to[0] === p.email)).toHaveLength(1);
    const states = [(await copies(wei, first.id)).items[0]!.state, (await copies(wei, second.id)).items[0]!.state].sort();
    expect(states).toEqual(['accepted', 'suppressed']);
  });

  it('leaves a copy that a dead worker was sending as unknown, never resent by itself; a claimed one that never left goes again', async () => {
    await at('2027-08-01T02:00:00.000Z');
    const tag = 'n-unknown';
    const a = await prospect(wei, '甲先生', { tags: [tag] });
    const b = await prospect(wei, '乙小姐', { tags: [tag] });
    const n = await issue(wei, tag);
    expect((await act(wei, n.id, 'submit')).statusCode).toBe(200);
    expect((await act(boss, n.id, 'review', { decision: 'approve' })).statusCode).toBe(200);
    expect((await act(wei, n.id, 'send')).statusCode).toBe(200);
    // A worker that died: it had claimed one copy and was sending the other when it went.
    const rows = await ctx.database.db.selectFrom('newsletter_copies').select(['id', 'prospect_id']).where('issue_id', '=', n.id).execute();
    const lease = '2027-08-01T02:01:00.000Z';
    await ctx.database.db.updateTable('newsletter_copies').set({ state: 'claimed', claimed_by: 'dead', claimed_at: '2027-08-01T02:00:00.000Z', lease_until: lease, attempts: 1 }).where('prospect_id', '=', a.id).where('issue_id', '=', n.id).execute();
    await ctx.database.db.updateTable('newsletter_copies').set({ state: 'sending', claimed_by: 'dead', claimed_at: '2027-08-01T02:00:00.000Z', lease_until: lease, attempts: 1 }).where('prospect_id', '=', b.id).where('issue_id', '=', n.id).execute();
    const before = inbox.received.length;
    await drain();
    expect(inbox.received.length).toBe(before);
    t.clock.set('2027-08-01T02:05:00.000Z');
    await drain();
    const list = await copies(wei, n.id);
    const of = (id: number) => list.items.find((c) => c.prospect.id === id)!;
    expect(of(a.id).state).toBe('accepted');
    expect(of(b.id).state).toBe('unknown');
    expect(inbox.received.slice(before).map((m) => m.to[0])).toEqual([a.email]);
    // A person decides: send it again.
    const decided = await t.call('POST', `/api/v1/newsletter-copies/${rows.find((r) => r.prospect_id === b.id)!.id}/decide`, { cookie: wei, body: { decision: 'resend' } });
    expect(decided.statusCode, decided.body).toBe(200);
    await drain();
    expect(inbox.received.slice(before).map((m) => m.to[0]).sort()).toEqual([a.email, b.email].sort());
  });

  it('takes a real DSN through its own SMTP listener: a hard bounce suppresses the address, a reply reaches the signer', async () => {
    await at('2027-10-01T02:00:00.000Z');
    const tag = 'n-bounce';
    const p = await prospect(wei, '退信先生', { tags: [tag] });
    const n = await issue(wei, tag);
    const before = inbox.received.length;
    await approvedAndSent(n.id);
    const returnPath = inbox.received.slice(before)[0]!.from;
    const svc = t.app.services.newsletters;
    const listener = new InboundListener({ port: 0, domain: 'pond.test', acceptToken: async (tk) => (await svc.returnCopy(tk)) !== null, onEvent: (e) => svc.inbound(e) });
    await listener.start();
    try {
      const send = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
      const dsn = [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.test>',
        `To: ${returnPath}`,
        'Subject: Undelivered Mail Returned to Sender',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
        '',
        '--B',
        'Content-Type: text/plain',
        '',
        'The mail could not be delivered.',
        '--B',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.test',
        '',
        `Final-Recipient: rfc822; ${p.email}`,
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
        '',
        '--B--',
        '',
      ].join('\r\n');
      await send.sendMail({ envelope: { from: '', to: returnPath }, raw: dsn });
      // A forged return path is refused at RCPT.
      await expect(send.sendMail({ envelope: { from: '', to: `bounce+1.${'A'.repeat(32)}@pond.test` }, raw: dsn })).rejects.toMatchObject({ responseCode: 550 });
      const reply = ['From: 退信先生 <someone@example.test>', `To: ${returnPath}`, 'Subject: Re: 電動車市場分析', 'Content-Type: text/plain; charset=utf-8', '', '謝謝，下週三可以見面。', ''].join('\r\n');
      await send.sendMail({ envelope: { from: 'someone@example.test', to: returnPath }, raw: reply });
      send.close();
    } finally {
      await listener.stop();
    }
    expect((await ctx.database.db.selectFrom('mail_suppressions').select(['reason', 'active']).where('address', '=', p.email).executeTakeFirst())?.reason).toBe('hard_bounce');
    const bell = (await t.call('GET', '/api/v1/notifications', { cookie: wei })).json();
    expect(bell.items.map((i: { kind: string }) => i.kind)).toContain('newsletter_reply');
    // The next issue's list excludes the bounced address.
    await at('2028-01-01T02:00:00.000Z');
    const next = await issue(wei, tag);
    expect((await act(wei, next.id, 'audience')).statusCode).toBe(200);
    expect((await copies(wei, next.id)).excludedBy).toEqual({ suppressed: 1 });
  });
});
