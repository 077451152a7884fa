import nodemailer, { type Transporter } from 'nodemailer';

/** A message's own content: whom to, what it says. */
export interface MailContent {
  to: string;
  replyTo?: string | null;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
}

/** What a transport is given to send: one message, already whole. */
export interface MailMessage extends MailContent {
  from: { name: string | null; address: string };
  messageId: string;
  /** The SMTP envelope when it differs from the headers: a per-copy return path (VERP) for bounces. */
  envelope?: { from: string; to: string };
}

/** The SMTP server to send through, with its secrets opened. */
export interface SmtpSettings {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  user: string | null;
  password: string | null;
  dkim: { domain: string; selector: string; privateKey: string } | null;
}

/** The seam every mail Pond sends goes through; SMTP in production and in the tests, against a real server. */
export interface MailTransport {
  send(message: MailMessage): Promise<{ response: string }>;
  close(): void;
}

/** Why a send failed, as the SMTP server or the network said it; `permanent` for a 5xx refusal. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly code: string | null,
    /** The server's reply code (421, 451, 550, …); null when no reply came (a refused or dropped connection). */
    readonly responseCode: number | null = null,
  ) {
    super(message);
  }
}

/** SMTP through nodemailer with a connection pool, so a batch of messages reuses a few connections. */
export function smtpTransport(s: SmtpSettings): MailTransport {
  const transporter: Transporter = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...(s.user && { auth: { user: s.user, pass: s.password ?? '' } }),
    ...(s.dkim && { dkim: { domainName: s.dkim.domain, keySelector: s.dkim.selector, privateKey: s.dkim.privateKey } }),
  });
  return {
    async send(m) {
      try {
        const info = await transporter.sendMail({
          from: m.from.name ? { name: m.from.name, address: m.from.address } : m.from.address,
          to: m.to,
          ...(m.replyTo && { replyTo: m.replyTo }),
          subject: m.subject,
          text: m.text,
          ...(m.html && { html: m.html }),
          headers: m.headers ?? {},
          messageId: m.messageId,
          ...(m.envelope && { envelope: m.envelope }),
        });
        return { response: String(info.response ?? '') };
      } catch (err) {
        const e = err as { responseCode?: number; code?: string; response?: string; message?: string };
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        throw new MailSendError(e.response ?? e.message ?? String(err), permanent, e.code ?? (e.responseCode ? String(e.responseCode) : null), typeof e.responseCode === 'number' ? e.responseCode : null);
      }
    },
    close() {
      transporter.close();
    },
  };
}
