import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { classifyInbound, InboundListener, InboundMessageError, parseReportFields, verpToken, type InboundEvent } from './inbound.js';

/** Mail on the wire has CRLF line ends; the fixtures are written with LF for legibility. */
const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** The newsletter copy that went out, as mail systems return it inside their reports. */
const ORIGINAL = `From: Pond Newsletter <news@pond.test>
To: lin@example.com
Subject: Spring catalogue
Message-ID: <copy-abc123@pond.test>
Content-Type: text/plain; charset=utf-8

Our spring catalogue is out.
`;

/** RFC 3464 appendix style: Postfix refusing an unknown mailbox for good. */
const HARD_BOUNCE = crlf(`Return-Path: <>
From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
To: bounce+abc123@pond.test
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
 boundary="9B095B5ADSN=_01"

This is a MIME-encapsulated message.

--9B095B5ADSN=_01
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--9B095B5ADSN=_01
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
X-Postfix-Queue-ID: 9B095B5A
Arrival-Date: Tue,  1 Dec 2026 10:12:01 +0800 (CST)

Final-Recipient: rfc822; Lin@Example.com
Original-Recipient: rfc822;lin@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mail.example.com
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--9B095B5ADSN=_01
Content-Description: Undelivered Message
Content-Type: message/rfc822

${ORIGINAL}
--9B095B5ADSN=_01--
`);

/** A delay warning: the message is still queued, so the address may yet work. Field names in odd case, one folded. */
const DELAYED = crlf(`From: Mail Delivery System <MAILER-DAEMON@relay.example.org>
To: bounce+abc123@pond.test
Subject: Delayed Mail (still being retried)
MIME-Version: 1.0
Content-Type: multipart/report; report-type="delivery-status"; boundary="dly"

--dly
Content-Type: text/plain

Your message has not been delivered yet; the mail system will keep trying for 4 more days.

--dly
Content-Type: message/delivery-status

reporting-mta: dns; relay.example.org

FINAL-RECIPIENT: rfc822; wang@example.org
ACTION: delayed
STATUS: 4.4.7
Diagnostic-Code: smtp; 421 4.4.7 connection timed out
    while talking to mail.example.org
Will-Retry-Until: Sat, 5 Dec 2026 10:00:00 +0000

--dly
Content-Type: text/rfc822-headers

From: Pond Newsletter <news@pond.test>
Subject: Spring catalogue

--dly--
`);

/** A full mailbox: the sender gave up, but with a temporary status. The DSN part is base64, as Exchange sends it. */
const MAILBOX_FULL = crlf(`From: postmaster@example.net
To: bounce+abc123@pond.test
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="full"

--full
Content-Type: text/plain; charset=utf-8

Delivery to the following recipient failed: chen@example.net

--full
Content-Type: message/delivery-status
Content-Transfer-Encoding: base64

${Buffer.from('Reporting-MTA: dns;mx.example.net\r\n\r\nFinal-Recipient: rfc822;chen@example.net\r\nAction: failed\r\nStatus: 4.2.2\r\nDiagnostic-Code: smtp;452 4.2.2 mailbox full\r\n').toString('base64')}

--full--
`);

/** RFC 5965 section 3 style: a mailbox provider passing on its user's "this is spam". */
const COMPLAINT = crlf(`From: <abuse@isp.example>
Date: Thu, 3 Dec 2026 09:00:00 +0000
Subject: FW: Spring catalogue
To: bounce+abc123@pond.test
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report;
     boundary="part1_13d.2e68ed54_boundary"

--part1_13d.2e68ed54_boundary
Content-Type: text/plain; charset="US-ASCII"
Content-Transfer-Encoding: 7bit

This is an email abuse report for an email message received from IP
192.0.2.1 on Thu, 3 Dec 2026 08:00:00 +0000.
For more information about this format please see
http://www.mipassoc.org/arf/.

--part1_13d.2e68ed54_boundary
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: SomeGenerator/1.0
Version: 1
Original-Mail-From: <bounce+abc123@pond.test>
Original-Rcpt-To: <Zhao@isp.example>
Arrival-Date: Thu, 3 Dec 2026 08:00:00 +0000
Source-IP: 192.0.2.1

--part1_13d.2e68ed54_boundary
Content-Type: message/rfc822
Content-Disposition: inline

${ORIGINAL}
--part1_13d.2e68ed54_boundary--
`);

/** A DSN asked for with NOTIFY=SUCCESS: good news, nothing to do. */
const DELIVERED = crlf(`From: MAILER-DAEMON@mx.example.com
To: bounce+abc123@pond.test
Subject: Successful Mail Delivery Report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="ok"

--ok
Content-Type: text/plain

Your message was successfully delivered to the destination(s) listed below.

--ok
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; lin@example.com
Action: delivered
Status: 2.0.0

Final-Recipient: rfc822; lin.alt@example.com
Action: relayed
Status: 2.0.0

--ok--
`);

const REPLY_TEXT = '謝謝，下週三可以見面。\n\n林小姐';

/** A person writing back from a phone, in Chinese, with a base64 body and an encoded subject. */
const REPLY = crlf(`From: =?UTF-8?B?${Buffer.from('林美玲').toString('base64')}?= <Lin@Example.com>
To: Pond Newsletter <bounce+abc123@pond.test>
Subject: =?UTF-8?B?${Buffer.from('回覆：春季目錄').toString('base64')}?=
Date: Thu, 3 Dec 2026 11:00:00 +0800
Message-ID: <reply-1@example.com>
In-Reply-To: <copy-abc123@pond.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64

${Buffer.from(`${REPLY_TEXT}\n\n`).toString('base64')}
`);

/** The same kind of reply, quoted-printable and HTML only: the text comes from the HTML. */
const HTML_REPLY = crlf(`From: lin@example.com
To: bounce+abc123@pond.test
Subject: Re: Spring catalogue
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

<html><body><p>=E8=AC=9D=E8=AC=9D=EF=BC=8C=E4=B8=8B=E9=80=B1=E4=B8=89=E5=8F=AF=
=E4=BB=A5=E8=A6=8B=E9=9D=A2</p></body></html>
`);

/** An old-style bounce (qmail-like): no report, only words and a status code in the text. */
const OLD_BOUNCE = crlf(`From: MAILER-DAEMON@mail.example.com
To: bounce+abc123@pond.test
Subject: failure notice

Hi. This is the qmail-send program at mail.example.com.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<zhou@example.com>:
192.0.2.10 does not like recipient.
Remote host said: 550 5.1.1 <zhou@example.com>: Recipient address rejected

--- Below this line is a copy of the message.
`);

/** An old-style delay notice: only a temporary code, which does not end the address. */
const OLD_DELAY = crlf(`From: postmaster@mail.example.com
To: bounce+abc123@pond.test
Subject: Warning: message delayed

This message has been in the queue for 4 hours; server 10.4.4.7 said: 451 4.7.1 try again later.
`);

/** A calendar tool's automatic notice: machine-made, not a reply, nothing to act on. */
const AUTO_NOTICE = crlf(`From: calendar@example.com
To: bounce+abc123@pond.test
Subject: Your subscription settings
Auto-Submitted: auto-generated

Your settings were saved.
`);

/** A vacation responder: machine-made too, but worth showing to the salesperson. */
const VACATION = crlf(`From: wang@example.org
To: bounce+abc123@pond.test
Subject: Out of office
Auto-Submitted: auto-replied

I am away until Monday.
`);

describe('classifyInbound', () => {
  it('reads a hard bounce DSN: status, diagnostic and recipient from the per-recipient block', async () => {
    expect(await classifyInbound(HARD_BOUNCE)).toEqual({
      kind: 'hard_bounce',
      status: '5.1.1',
      diagnostic: '550 5.1.1 user unknown',
      recipient: 'lin@example.com',
      from: 'MAILER-DAEMON@mx.example.com',
      subject: 'Undelivered Mail Returned to Sender',
      text: null,
    });
  });

  it('reads a DSN given as a Buffer the same way', async () => {
    expect((await classifyInbound(Buffer.from(HARD_BOUNCE)))?.kind).toBe('hard_bounce');
  });

  it('counts a delayed DSN as a soft bounce, with its folded diagnostic unfolded', async () => {
    const r = await classifyInbound(DELAYED);
    expect(r).toMatchObject({ kind: 'soft_bounce', status: '4.4.7', recipient: 'wang@example.org', diagnostic: '421 4.4.7 connection timed out while talking to mail.example.org' });
  });

  it('counts a failed DSN with a 4.x.x status (mailbox full) as a soft bounce', async () => {
    expect(await classifyInbound(MAILBOX_FULL)).toMatchObject({ kind: 'soft_bounce', status: '4.2.2', diagnostic: '452 4.2.2 mailbox full', recipient: 'chen@example.net', from: 'postmaster@example.net' });
  });

  it('takes the worst recipient of a DSN: one failed address among delayed ones is a hard bounce', async () => {
    // A second recipient block after the delayed one, without a Diagnostic-Code of its own.
    const mixed = DELAYED.replace('+0000\r\n\r\n--dly', '+0000\r\n\r\nFinal-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.2.1\r\n\r\n--dly');
    expect(mixed).not.toBe(DELAYED);
    expect(await classifyInbound(mixed)).toMatchObject({ kind: 'hard_bounce', status: '5.2.1', recipient: 'gone@example.org', diagnostic: "Your message has not been delivered yet; the mail system will keep trying for 4 more days." });
  });

  it('classifies an ARF abuse report as a complaint', async () => {
    expect(await classifyInbound(COMPLAINT)).toEqual({
      kind: 'complaint',
      status: null,
      diagnostic: 'This is an email abuse report for an email message received from IP',
      recipient: 'zhao@isp.example',
      from: 'abuse@isp.example',
      subject: 'FW: Spring catalogue',
      text: null,
    });
  });

  it('returns null for a DSN whose actions are all successes', async () => {
    expect(await classifyInbound(DELIVERED)).toBeNull();
  });

  it('reads a Chinese reply in base64 as a reply with its text', async () => {
    expect(await classifyInbound(REPLY)).toEqual({
      kind: 'reply',
      status: null,
      diagnostic: null,
      recipient: null,
      from: 'Lin@Example.com',
      subject: '回覆：春季目錄',
      text: REPLY_TEXT,
    });
  });

  it('takes the text of an HTML-only quoted-printable reply from its HTML', async () => {
    expect(await classifyInbound(HTML_REPLY)).toMatchObject({ kind: 'reply', text: '謝謝，下週三可以見面' });
  });

  it('cuts a long reply at 20,000 characters', async () => {
    const long = crlf(`From: lin@example.com\nSubject: Re: catalogue\nContent-Type: text/plain; charset=utf-8\n\n${'好'.repeat(30_000)}\n`);
    const r = await classifyInbound(long);
    expect(r?.text?.length).toBe(20_000);
  });

  it('reads an old-style mailer-daemon bounce by the 5.x.x code in its text', async () => {
    expect(await classifyInbound(OLD_BOUNCE)).toMatchObject({ kind: 'hard_bounce', status: '5.1.1', from: 'MAILER-DAEMON@mail.example.com', diagnostic: 'Hi. This is the qmail-send program at mail.example.com.', text: null });
  });

  it('counts an old-style bounce with only a 4.x.x code as soft, not mistaking an IP address for a code', async () => {
    expect(await classifyInbound(OLD_DELAY)).toMatchObject({ kind: 'soft_bounce', status: '4.7.1' });
  });

  it('counts an old-style bounce without any code as hard, with no status', async () => {
    const r = await classifyInbound(crlf('From: Mail Delivery Subsystem <mailer-daemon@example.com>\nSubject: Returned mail: see transcript for details\n\nThe original message was received but could not be delivered.\n'));
    expect(r).toMatchObject({ kind: 'hard_bounce', status: null, diagnostic: 'The original message was received but could not be delivered.' });
  });

  it('ignores an auto-generated notice, but keeps a vacation auto-reply as a reply', async () => {
    expect(await classifyInbound(AUTO_NOTICE)).toBeNull();
    expect(await classifyInbound(VACATION)).toMatchObject({ kind: 'reply', text: 'I am away until Monday.' });
  });

  it('refuses input that is not a mail message', async () => {
    await expect(classifyInbound('just some words\r\n')).rejects.toBeInstanceOf(InboundMessageError);
  });
});

describe('parseReportFields and verpToken', () => {
  it('splits blocks at blank lines, lowercases names and unfolds values', () => {
    const blocks = parseReportFields('Reporting-MTA: dns; a\r\n\r\nFinal-Recipient: rfc822; x@y\r\nDiagnostic-Code: smtp; 550\r\n  no such user\r\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[1]?.get('diagnostic-code')).toBe('smtp; 550 no such user');
    expect(blocks[1]?.get('final-recipient')).toBe('rfc822; x@y');
  });

  it('takes the token case-sensitively and the domain case-insensitively', () => {
    expect(verpToken('bounce+AbC123@POND.test', 'pond.test')).toBe('AbC123');
    expect(verpToken('bounce+abc123@other.test', 'pond.test')).toBeNull();
    expect(verpToken('bounce+@pond.test', 'pond.test')).toBeNull();
    expect(verpToken('news@pond.test', 'pond.test')).toBeNull();
  });
});

describe('InboundListener', () => {
  const events: InboundEvent[] = [];
  let failHandler = false;
  const listener = new InboundListener({
    port: 0,
    domain: 'pond.test',
    acceptToken: async (token) => token === 'abc123' || token === 'def456',
    onEvent: async (event) => {
      if (failHandler) throw new Error('database is down');
      events.push(event);
    },
    maxBytes: 64 * 1024,
    closeTimeoutMs: 200,
  });

  /** What a remote mail system does: a fresh connection per message, the null sender, our VERP address. */
  async function deliver(raw: string, to: string | string[] = 'bounce+abc123@pond.test') {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    try {
      return await transport.sendMail({ envelope: { from: '', to }, raw });
    } finally {
      transport.close();
    }
  }

  /** The SMTP reply code a refused delivery ended with. */
  async function refusal(raw: string, to?: string | string[]): Promise<number | undefined> {
    const err: unknown = await deliver(raw, to).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, 'the delivery should have been refused').toBeInstanceOf(Error);
    return (err as { responseCode?: number }).responseCode;
  }

  beforeAll(async () => {
    await listener.start();
  });

  afterAll(async () => {
    await listener.stop();
  });

  it('listens on a free loopback port', () => {
    expect(listener.port).toBeGreaterThan(0);
  });

  it('accepts a bounce from the null sender and hands the event to the handler', async () => {
    events.length = 0;
    const info = await deliver(HARD_BOUNCE);
    expect(info.accepted).toEqual(['bounce+abc123@pond.test']);
    expect(events).toEqual([{ token: 'abc123', kind: 'hard_bounce', status: '5.1.1', diagnostic: '550 5.1.1 user unknown', recipient: 'lin@example.com', from: 'MAILER-DAEMON@mx.example.com', subject: 'Undelivered Mail Returned to Sender', text: null }]);
  });

  it('delivers a complaint and a reply, with the domain in any case', async () => {
    events.length = 0;
    await deliver(COMPLAINT, 'bounce+abc123@POND.TEST');
    await deliver(REPLY);
    expect(events.map((e) => [e.token, e.kind])).toEqual([
      ['abc123', 'complaint'],
      ['abc123', 'reply'],
    ]);
    expect(events[1]?.text).toBe(REPLY_TEXT);
  });

  it('calls the handler once per accepted token, and refuses the unknown one beside them', async () => {
    events.length = 0;
    const info = await deliver(MAILBOX_FULL, ['bounce+abc123@pond.test', 'bounce+def456@pond.test', 'bounce+abc123@pond.test', 'bounce+nope@pond.test']);
    expect(info.rejected).toEqual(['bounce+nope@pond.test']);
    expect(events.map((e) => [e.token, e.kind])).toEqual([
      ['abc123', 'soft_bounce'],
      ['def456', 'soft_bounce'],
    ]);
  });

  it('answers 250 for a success-only DSN without calling the handler', async () => {
    events.length = 0;
    const info = await deliver(DELIVERED);
    expect(info.accepted).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('refuses an unknown token with 550', async () => {
    events.length = 0;
    expect(await refusal(HARD_BOUNCE, 'bounce+nope@pond.test')).toBe(550);
    expect(events).toEqual([]);
  });

  it('refuses a token in the wrong case with 550: tokens are case-sensitive', async () => {
    expect(await refusal(HARD_BOUNCE, 'bounce+ABC123@pond.test')).toBe(550);
  });

  it('refuses another domain and another local part with 550', async () => {
    expect(await refusal(HARD_BOUNCE, 'bounce+abc123@example.com')).toBe(550);
    expect(await refusal(HARD_BOUNCE, 'news@pond.test')).toBe(550);
    expect(events).toEqual([]);
  });

  it('answers 451 when the handler throws, so the sender retries', async () => {
    events.length = 0;
    failHandler = true;
    try {
      expect(await refusal(HARD_BOUNCE)).toBe(451);
    } finally {
      failHandler = false;
    }
    expect(events).toEqual([]);
  });

  it('refuses a message over maxBytes with 552', async () => {
    events.length = 0;
    // About 78 KB against a 64 KiB limit; no SIZE is declared, so the listener has to notice while reading.
    const big = crlf('From: lin@example.com\nSubject: Re: catalogue\n\n') + `${'y'.repeat(76)}\r\n`.repeat(1000);
    expect(await refusal(big)).toBe(552);
    expect(events).toEqual([]);
  });

  it('refuses with 550 what is not a mail message', async () => {
    events.length = 0;
    expect(await refusal('this is not a message\r\n')).toBe(550);
    expect(events).toEqual([]);
  });
});
