import type { AddressInfo } from 'node:net';
import { simpleParser, type Attachment, type ParsedMail, type StructuredHeader } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/**
 * The inbound side of newsletter mail. Every copy Pond sends carries its own return path
 * (`bounce+<token>@<domain>`, VERP), so whatever comes back to that address (a bounce, a spam
 * complaint, a person's reply) can be tied to the one copy it is about without trusting the message's
 * content. This module receives such mail over SMTP, sorts it, and hands each event to a handler;
 * it keeps no state of its own, so what a token means and what an event changes is the caller's business.
 */

export type InboundKind = 'hard_bounce' | 'soft_bounce' | 'complaint' | 'reply';

export interface InboundEvent {
  /** The part after 'bounce+' in the local part of the RCPT TO address. */
  token: string;
  kind: InboundKind;
  /** DSN Status, e.g. '5.1.1', for bounces. */
  status: string | null;
  /** Diagnostic-Code text when present, else the first human-readable line. */
  diagnostic: string | null;
  /** Final-Recipient / Original-Recipient address when present (lowercase, without 'rfc822;'). */
  recipient: string | null;
  /** Header From address of the inbound message. */
  from: string | null;
  subject: string | null;
  /** For replies: the plain text body (trimmed, at most 20,000 chars); null otherwise. */
  text: string | null;
}

/** What the message alone says; the token comes from the envelope, not from the message. */
export type InboundClassification = Omit<InboundEvent, 'token'>;

/** The local part every accepted recipient starts with. */
export const VERP_PREFIX = 'bounce+';

/** A reply's text is kept for a person to read, not archived: a long quoted thread is cut here. */
export const MAX_REPLY_TEXT = 20_000;

const DEFAULT_MAX_BYTES = 1024 * 1024;

/** The message could not be read as mail at all: answered 550, since sending it again will not help. */
export class InboundMessageError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Reading the machine-readable parts of reports

/** One header-like block of a message/delivery-status or message/feedback-report part, names lowercased. */
export type ReportFields = Map<string, string>;

/**
 * Splits the text of a delivery-status or feedback-report part into its blocks of fields.
 * RFC 3464 lays a DSN out as header-like blocks separated by blank lines: the first is about the
 * message, each further one about one recipient. Field names are case-insensitive and values may be
 * folded onto indented continuation lines, as in a message header.
 */
export function parseReportFields(text: string): ReportFields[] {
  const blocks: ReportFields[] = [];
  let current: ReportFields | null = null;
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (current) blocks.push(current);
      current = null;
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line)) {
      // A folded continuation of the previous field.
      if (current && last !== null) current.set(last, `${current.get(last) ?? ''} ${line.trim()}`.trim());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    current ??= new Map();
    // A field given twice in one block keeps its first value: the second is more likely noise than news.
    if (!current.has(name)) current.set(name, value);
    last = name;
  }
  if (current) blocks.push(current);
  return blocks;
}

/** `rfc822; Lin@Example.com` → `lin@example.com`: the address type is dropped, as are angle brackets. */
function addressField(value: string | undefined): string | null {
  if (!value) return null;
  const semi = value.indexOf(';');
  const address = (semi >= 0 ? value.slice(semi + 1) : value).trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return address || null;
}

/** `smtp; 550 5.1.1 user unknown` → `550 5.1.1 user unknown`: the diagnostic type says nothing to a person. */
function diagnosticField(value: string | undefined): string | null {
  if (!value) return null;
  const text = /^[A-Za-z0-9-]+\s*;/.test(value) ? value.slice(value.indexOf(';') + 1).trim() : value.trim();
  return text || null;
}

/** `5.1.1 (user unknown)` → `5.1.1`: only the status code itself, which is what the rules below read. */
function statusField(value: string | undefined): string | null {
  const m = value ? /^([245])\.(\d{1,3})\.(\d{1,3})/.exec(value.trim()) : null;
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

// ---------------------------------------------------------------------------------------------------
// Classification

/** How one DSN recipient block counts: the worse of several decides for the whole message. */
type Outcome = 'hard_bounce' | 'soft_bounce' | null;

/**
 * The rules for one per-recipient block of a DSN (RFC 3464 section 2.3):
 * - `failed` with a 4.x.x status is a temporary failure the sender gave up on (a full mailbox, say):
 *   the address may work next time, so it counts as soft; with any other status, or none, it is hard;
 * - `delayed` is soft: the mail may still arrive;
 * - `delivered`, `relayed` and `expanded` are good news and count for nothing.
 */
function recipientOutcome(action: string, status: string | null): Outcome {
  if (action === 'failed') return status?.startsWith('4.') ? 'soft_bounce' : 'hard_bounce';
  if (action === 'delayed') return 'soft_bounce';
  return null;
}

/** The DSN reading: the most severe recipient block wins, so one failed address is not hidden by others. */
function classifyDsn(blocks: ReportFields[]): { kind: Outcome; fields: ReportFields | null } {
  let best: { kind: Outcome; fields: ReportFields | null } = { kind: null, fields: null };
  // The first block is per-message (Reporting-MTA, Arrival-Date); recipients follow. Some reporters
  // leave the per-message block out, so any block with an Action counts as a recipient.
  for (const fields of blocks) {
    const action = fields.get('action')?.toLowerCase().split(/[\s(]/)[0];
    if (!action) continue;
    const kind = recipientOutcome(action, statusField(fields.get('status')));
    if (kind === 'hard_bounce' && best.kind !== 'hard_bounce') best = { kind, fields };
    else if (kind === 'soft_bounce' && best.kind === null) best = { kind, fields };
  }
  return best;
}

/** A status code written in free text (`550 5.1.1 ...`), not part of a version or an IP address. */
const TEXT_STATUS = /(?<![\d.])([45])\.\d{1,3}\.\d{1,3}(?![\d.])/g;

/** Old-style bounces come from the mail system itself, or say so in their subject. */
function looksLikeBounce(from: string | null, subject: string | null): boolean {
  if (from && /^(mailer-daemon|postmaster)@/i.test(from)) return true;
  return !!subject && /undeliver|delivery status notification|returned mail|failure notice/i.test(subject);
}

/**
 * A bounce without a machine-readable report: the status codes in its text decide.
 * A permanent code anywhere makes it hard; only temporary ones make it soft; none at all is
 * taken as hard, since a mail system that bothers to write back without a code has usually given up.
 */
function classifyTextBounce(text: string): { kind: 'hard_bounce' | 'soft_bounce'; status: string | null } {
  const codes = [...text.matchAll(TEXT_STATUS)].map((m) => m[0]);
  const permanent = codes.find((c) => c.startsWith('5.'));
  if (permanent) return { kind: 'hard_bounce', status: permanent };
  const temporary = codes.find((c) => c.startsWith('4.'));
  if (temporary) return { kind: 'soft_bounce', status: temporary };
  return { kind: 'hard_bounce', status: null };
}

/** The first line a person wrote or would read, used when a report gives no Diagnostic-Code. */
function firstLine(text: string | null): string | null {
  if (!text) return null;
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '');
  return line ? line.trim().slice(0, 1000) : null;
}

/** A reply's plain text: mailparser's own, else its HTML with the tags stripped. */
function replyText(parsed: ParsedMail): string | null {
  let text = parsed.text ?? '';
  if (!text.trim() && typeof parsed.html === 'string') {
    text = parsed.html
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
      .replace(/<br\s*\/?>|<\/p>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  }
  const trimmed = text.trim().slice(0, MAX_REPLY_TEXT).trim();
  return trimmed || null;
}

function attachmentOfType(parsed: ParsedMail, ...types: string[]): Attachment | undefined {
  return parsed.attachments.find((a) => types.includes(a.contentType.toLowerCase()));
}

/** The Content-Type parameters of the whole message, with `report-type` among them for a report. */
function contentType(parsed: ParsedMail): { value: string; params: Record<string, string> } {
  // mailparser always parses Content-Type into a value and its parameters.
  const ct = parsed.headers.get('content-type') as StructuredHeader | undefined;
  if (ct && typeof ct.value === 'string') return { value: ct.value.toLowerCase(), params: ct.params ?? {} };
  return { value: 'text/plain', params: {} };
}

/**
 * Sorts an inbound message into a bounce, a complaint or a reply. Returns null for mail that
 * needs nothing done: a DSN that reports only successful deliveries, a read receipt, or a
 * machine-made notification that is neither bounce nor complaint. Throws InboundMessageError when
 * the input is not a message at all.
 */
export async function classifyInbound(raw: Buffer | string): Promise<InboundClassification | null> {
  // A message starts with a header field; anything else is not worth a second attempt.
  const head = (typeof raw === 'string' ? raw.slice(0, 1000) : raw.subarray(0, 1000).toString('latin1')).replace(/^(\r?\n)+/, '');
  if (!/^[!-9;-~]+:/.test(head)) throw new InboundMessageError('not a mail message');

  const parsed = await simpleParser(raw, {
    // Keep the DSN part as an attachment so it can be read field by field; by default it is mixed into the text.
    keepDeliveryStatus: true,
    // A returned copy of our own newsletter is not the reporter's text: keep it out of `text`.
    ignoreEmbedded: true,
    skipImageLinks: true,
    skipTextToHtml: true,
    checksumAlgo: false,
  });

  const from = parsed.from?.value[0]?.address?.trim() || null;
  const subject = parsed.subject?.trim() || null;
  const base = { from, subject, status: null, diagnostic: null, recipient: null, text: null };
  const ct = contentType(parsed);
  const reportType = ct.value === 'multipart/report' ? (ct.params['report-type'] ?? '').toLowerCase() : null;

  // RFC 3464 (and RFC 6533 for internationalized addresses): a delivery status notification.
  if (reportType === 'delivery-status' || reportType === 'global-delivery-status') {
    const part = attachmentOfType(parsed, 'message/delivery-status', 'message/global-delivery-status');
    if (part) {
      const { kind, fields } = classifyDsn(parseReportFields(part.content.toString('utf8')));
      if (!kind || !fields) return null;
      return {
        ...base,
        kind,
        status: statusField(fields.get('status')),
        diagnostic: diagnosticField(fields.get('diagnostic-code')) ?? firstLine(parsed.text ?? null),
        recipient: addressField(fields.get('final-recipient')) ?? addressField(fields.get('original-recipient')),
      };
    }
    // A report that lost its machine-readable part is still a bounce: read it as an old-style one below.
  }

  // RFC 5965: an abuse (or other) feedback report, which means the recipient does not want our mail.
  if (reportType === 'feedback-report') {
    const part = attachmentOfType(parsed, 'message/feedback-report');
    const fields = part ? (parseReportFields(part.content.toString('utf8'))[0] ?? new Map<string, string>()) : new Map<string, string>();
    return { ...base, kind: 'complaint', diagnostic: firstLine(parsed.text ?? null), recipient: addressField(fields.get('original-rcpt-to')) };
  }

  // Read receipts (RFC 8098) and any other kind of report carry nothing a newsletter acts on.
  if (reportType !== null && reportType !== 'delivery-status' && reportType !== 'global-delivery-status') return null;

  const text = parsed.text ?? '';
  if (reportType !== null || looksLikeBounce(from, subject)) {
    const { kind, status } = classifyTextBounce(text);
    // Some mail systems paste DSN-style fields into their text; use them when they are there.
    const inline = parseReportFields(text).find((b) => b.has('final-recipient') || b.has('diagnostic-code'));
    return {
      ...base,
      kind,
      status,
      diagnostic: diagnosticField(inline?.get('diagnostic-code')) ?? firstLine(text),
      recipient: addressField(inline?.get('final-recipient')) ?? addressField(inline?.get('original-recipient')),
    };
  }

  // RFC 3834: machine-made mail other than an auto-reply (a vacation message is a reply worth showing).
  const autoSubmitted = String(parsed.headers.get('auto-submitted') ?? 'no').toLowerCase().split(/[\s;]/)[0];
  if (autoSubmitted && autoSubmitted !== 'no' && autoSubmitted !== 'auto-replied') return null;

  return { ...base, kind: 'reply', text: replyText(parsed) };
}

// ---------------------------------------------------------------------------------------------------
// The SMTP listener

export interface InboundListenerOptions {
  /** 0 → any free port. */
  port: number;
  /** Default '127.0.0.1': the listener is meant to sit behind the host's own MTA or a forwarder. */
  host?: string;
  /** Only RCPT TO addresses at this domain with local part 'bounce+<token>' are accepted. */
  domain: string;
  /** False → RCPT refused with 550 (unknown token / forged). */
  acceptToken(token: string): boolean | Promise<boolean>;
  /** Called once per (message, accepted recipient token); if it throws, the answer is 451 so the sender retries. */
  onEvent(event: InboundEvent): Promise<void>;
  /** Default 1 MiB; bigger messages are refused with 552. */
  maxBytes?: number;
  log?: { warn(obj: object, msg: string): void };
  /** How long stop() waits for open connections before closing them; default 5 s. */
  closeTimeoutMs?: number;
}

/** An SMTP error with the reply code smtp-server is to answer with. */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The token of `bounce+<token>@<domain>`, or null when the address is not one of ours.
 * The domain is compared case-insensitively, as DNS does; the token is kept exactly as written,
 * since it was minted by Pond and a changed letter means a different (or forged) token.
 */
export function verpToken(address: string, domain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const local = address.slice(0, at);
  if (address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  if (local.slice(0, VERP_PREFIX.length).toLowerCase() !== VERP_PREFIX) return null;
  const token = local.slice(VERP_PREFIX.length);
  return token === '' ? null : token;
}

/** Receives mail for the VERP return paths and turns each message into events for `onEvent`. */
export class InboundListener {
  private readonly server: SMTPServer;
  private readonly maxBytes: number;
  private boundPort = 0;

  constructor(private readonly o: InboundListenerOptions) {
    this.maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
    this.server = new SMTPServer({
      // Bounces come from other mail systems, which do not sign in; nothing here is worth protecting by a password.
      authOptional: true,
      // No certificate is configured: offering STARTTLS would only hand out the library's test certificate.
      // AUTH is off too, since there is no account to sign in to.
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: this.maxBytes,
      // Closing waits this long for senders that keep their connection open.
      closeTimeout: o.closeTimeoutMs ?? 5_000,
      disableReverseLookup: true,
      logger: false,
      onRcptTo: (address, session, done) => {
        this.checkRecipient(address, session).then(
          () => done(),
          (err: Error) => done(err),
        );
      },
      onData: (stream, session, done) => {
        this.receive(stream, session).then(
          () => done(),
          (err: Error) => done(err),
        );
      },
    });
  }

  /** The port the listener is bound to, once started. */
  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.o.port, this.o.host ?? '127.0.0.1', () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    // After start, errors of single connections (a client hanging up mid-command) must not crash the process.
    this.server.on('error', (err: Error) => this.o.log?.warn({ err }, 'inbound SMTP error'));
    this.boundPort = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async checkRecipient(address: SMTPServerAddress, _session: SMTPServerSession): Promise<void> {
    const token = verpToken(address.address, this.o.domain);
    if (token === null) throw smtpError(550, 'No such recipient here');
    let accepted: boolean;
    try {
      accepted = await this.o.acceptToken(token);
    } catch (err) {
      // Not knowing is not the same as knowing it is forged: let the sender try again later.
      this.o.log?.warn({ err, token }, 'inbound token check failed');
      throw smtpError(451, 'Temporary failure, try again later');
    }
    if (!accepted) throw smtpError(550, 'No such recipient here');
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const raw = await readAll(stream);
    if (stream.sizeExceeded) throw smtpError(552, `Message exceeds the maximum size of ${this.maxBytes} bytes`);

    let classification: InboundClassification | null;
    try {
      classification = await classifyInbound(raw);
    } catch (err) {
      // A message that cannot be read will not read better next time: refuse it for good.
      this.o.log?.warn({ err }, 'inbound message could not be classified');
      throw smtpError(550, 'Message could not be parsed');
    }
    if (!classification) return;

    // Only recipients that passed onRcptTo are in the envelope; the same token given twice counts once.
    const tokens = new Set<string>();
    for (const r of session.envelope.rcptTo) {
      const token = verpToken(r.address, this.o.domain);
      if (token !== null) tokens.add(token);
    }
    for (const token of tokens) {
      try {
        await this.o.onEvent({ token, ...classification });
      } catch (err) {
        // A retry delivers the message to every token again, so handlers should take a repeat calmly.
        this.o.log?.warn({ err, token, kind: classification.kind }, 'inbound event handler failed');
        throw smtpError(451, 'Temporary failure, try again later');
      }
    }
  }
}

/** The whole DATA stream in memory, bounded by the size limit: what comes past it is read and dropped. */
function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    stream.on('data', (chunk: Buffer) => {
      // Past the limit the rest is drained but not kept: the message is refused anyway.
      if (stream.sizeExceeded) return;
      kept += chunk.length;
      chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(Buffer.concat(chunks, kept)));
  });
}
