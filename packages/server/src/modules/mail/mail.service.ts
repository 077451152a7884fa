import { createHash } from 'node:crypto';
import { withTransaction, type Executor } from '@pond/db';
import { AppError, can, type Locale, type MailSettingsInput, type MailSettingsView } from '@pond/domain';
import type { JobContext } from '../../jobs/job.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { SecretBox } from '../../platform/secret-box.js';
import { assertVersion } from '../../platform/versioning.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { SettingsRepository } from '../settings/settings.repository.js';
import { MAIL_SEND } from './mail.job.js';
import { type MailRepository, type OutgoingMail } from './mail.repository.js';
import { MailSendError, smtpTransport, type MailMessage, type MailTransport, type SmtpSettings } from './mail-transport.js';
import type { Repositories } from '../../repositories.js';

const KEY = 'mail';

/** The mail settings as stored: secrets sealed (SecretBox), never in the clear. */
interface StoredMail {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  user: string | null;
  passwordSealed: string | null;
  fromAddress: string;
  fromName: string | null;
  dkim: { domain: string; selector: string; privateKeySealed: string | null } | null;
}

const TEST_MESSAGE: Record<Locale, { subject: string; text: string }> = {
  en: { subject: 'Pond: test message', text: 'This message was sent from Pond to check its mail settings. Nothing else needs doing.' },
  'zh-Hant': { subject: 'Pond：測試郵件', text: '這封郵件由 Pond 發出，用來檢查郵件設定。無需其他操作。' },
  'zh-Hans': { subject: 'Pond：测试邮件', text: '这封邮件由 Pond 发出，用来检查邮件设置。无需其他操作。' },
};

/**
 * The mail seam: the admin's SMTP settings, an outbox written in the same transaction as the change that causes a
 * message, and a job per message that sends it. Every message Pond sends goes through here.
 */
export class MailService {
  private readonly settings: SettingsRepository;
  private readonly repo: MailRepository;
  private readonly audit: AuditRepository;
  private readonly box: SecretBox;
  private transport: { version: number; transport: MailTransport } | null = null;

  constructor(
    repos: Pick<Repositories, 'audit' | 'mail' | 'settings'>,
    private readonly deps: CoreDeps,
    private readonly jobs: JobQueue,
    private readonly makeTransport: (s: SmtpSettings) => MailTransport = smtpTransport,
  ) {
    this.settings = repos.settings;
    this.repo = repos.mail;
    this.audit = repos.audit;
    this.box = new SecretBox(deps.config.secretKey);
  }

  private get db() {
    return this.deps.database.db;
  }

  private async stored(db: Executor = this.db): Promise<{ value: StoredMail | null; version: number }> {
    const row = await this.settings.get(db, KEY);
    return { value: (row?.value as StoredMail | undefined) ?? null, version: row?.version ?? 0 };
  }

  private view(s: StoredMail | null, version: number): MailSettingsView {
    return {
      configured: s !== null,
      version,
      host: s?.host ?? null,
      port: s?.port ?? null,
      security: s?.security ?? null,
      user: s?.user ?? null,
      passwordSet: Boolean(s?.passwordSealed),
      fromAddress: s?.fromAddress ?? null,
      fromName: s?.fromName ?? null,
      dkim: s?.dkim ? { domain: s.dkim.domain, selector: s.dkim.selector, privateKeySet: Boolean(s.dkim.privateKeySealed) } : null,
      secretsAvailable: this.box.available,
    };
  }

  /** Whether an admin has set up mail: without it, mail that only informs (the morning agenda) is not queued. */
  async isConfigured(db: Executor = this.db): Promise<boolean> {
    return (await this.stored(db)).value !== null;
  }

  async getSettings(actor: Actor): Promise<MailSettingsView> {
    if (!can.manageSettings(actor.role)) throw new AppError('FORBIDDEN');
    const { value, version } = await this.stored();
    return this.view(value, version);
  }

  /** A secret as the input says: kept when absent, removed when null, sealed when given. */
  private secret(given: string | null | undefined, kept: string | null): string | null {
    if (given === undefined) return kept;
    if (given === null) return null;
    if (!this.box.available) throw new AppError('SECRET_KEY_MISSING');
    return this.box.seal(given);
  }

  async setSettings(actor: Actor, version: number | undefined, input: Omit<MailSettingsInput, 'version'>, meta: RequestMeta): Promise<MailSettingsView> {
    if (!can.manageSettings(actor.role)) throw new AppError('FORBIDDEN');
    return withTransaction(this.db, async (trx) => {
      const current = await this.stored(trx);
      assertVersion(version, current.version, this.view(current.value, current.version), false);
      const next: StoredMail = {
        host: input.host,
        port: input.port,
        security: input.security,
        user: input.user ?? null,
        passwordSealed: this.secret(input.password, current.value?.passwordSealed ?? null),
        fromAddress: input.fromAddress,
        fromName: input.fromName ?? null,
        dkim: input.dkim
          ? { domain: input.dkim.domain, selector: input.dkim.selector, privateKeySealed: this.secret(input.dkim.privateKey, current.value?.dkim?.privateKeySealed ?? null) }
          : null,
      };
      const at = this.deps.clock.now().toISOString();
      if (!(await this.settings.put(trx, KEY, next, current.version, at, actor.userId))) {
        throw new AppError('STALE_VERSION', { details: { current: this.view(current.value, current.version) } });
      }
      const after = this.view(next, current.version + 1);
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'settings.mail_changed', entityType: 'settings', entityId: KEY, before: this.view(current.value, current.version), after, ip: meta.ip });
      return after;
    });
  }

  /** Removes the mail settings: nothing is sent until an admin sets them again; mail already queued is retried with backoff, then left unsent. */
  async clearSettings(actor: Actor, version: number | undefined, meta: RequestMeta): Promise<MailSettingsView> {
    if (!can.manageSettings(actor.role)) throw new AppError('FORBIDDEN');
    return withTransaction(this.db, async (trx) => {
      const current = await this.stored(trx);
      assertVersion(version, current.version, this.view(current.value, current.version), false);
      if (current.value === null) return this.view(null, current.version);
      const at = this.deps.clock.now().toISOString();
      if (!(await this.settings.put(trx, KEY, null, current.version, at, actor.userId))) {
        throw new AppError('STALE_VERSION', { details: { current: this.view(current.value, current.version) } });
      }
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'settings.mail_cleared', entityType: 'settings', entityId: KEY, before: this.view(current.value, current.version), ip: meta.ip });
      return this.view(null, current.version + 1);
    });
  }

  /** The transport for the settings in force, rebuilt when another process (or this one) changed them. */
  private async transportFor(): Promise<{ transport: MailTransport; from: StoredMail }> {
    const { value, version } = await this.stored();
    if (!value) throw new AppError('MAIL_NOT_CONFIGURED');
    if (!this.transport || this.transport.version !== version) {
      this.transport?.transport.close();
      const open = (sealed: string | null) => (sealed ? this.box.open(sealed) : null);
      const dkimKey = value.dkim ? open(value.dkim.privateKeySealed) : null;
      this.transport = {
        version,
        transport: this.makeTransport({
          host: value.host,
          port: value.port,
          security: value.security,
          user: value.user,
          password: open(value.passwordSealed),
          dkim: value.dkim && dkimKey ? { domain: value.dkim.domain, selector: value.dkim.selector, privateKey: dkimKey } : null,
        }),
      };
    }
    return { transport: this.transport.transport, from: value };
  }

  private messageId(key: string, fromAddress: string): string {
    return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${fromAddress.split('@')[1] ?? 'pond.invalid'}>`;
  }

  /** Sends a test message now, to say at once whether the settings work; the server's answer comes back on failure. */
  async sendTest(actor: Actor, to: string, meta: RequestMeta): Promise<{ response: string }> {
    if (!can.manageSettings(actor.role)) throw new AppError('FORBIDDEN');
    const { transport, from } = await this.transportFor();
    const text = TEST_MESSAGE[actor.locale ?? 'en'];
    const at = this.deps.clock.now().toISOString();
    try {
      const r = await transport.send({ from: { name: from.fromName, address: from.fromAddress }, to, subject: text.subject, text: text.text, messageId: this.messageId(`test:${at}:${to}`, from.fromAddress) });
      await this.audit.record(this.db, { at, actorId: actor.userId, actorLabel: actor.email, action: 'mail.test_sent', entityType: 'settings', entityId: KEY, after: { to }, ip: meta.ip });
      return r;
    } catch (err) {
      if (err instanceof MailSendError) throw new AppError('MAIL_SEND_FAILED', { details: { response: err.message, code: err.code } });
      throw err;
    }
  }

  /**
   * Queues a message in the caller's transaction: the outbox row and the job that sends it commit (or roll back)
   * with the change that caused them. The same key queued twice is one message.
   */
  async queue(db: Executor, mail: OutgoingMail): Promise<number> {
    const at = this.deps.clock.now().toISOString();
    const fromDomain = (await this.stored(db)).value?.fromAddress ?? 'pond@pond.invalid';
    const { id, created } = await this.repo.insert(db, mail, this.messageId(mail.key, fromDomain), at);
    if (created) await this.jobs.enqueue(MAIL_SEND, `${MAIL_SEND.type}:${mail.key}`, { outboxId: id }, { db });
    return id;
  }

  /**
   * The job's work: send one outbox message once. Sent already (a retry after a crash past the send) → nothing.
   * A refusal for good (5xx) or the last attempt marks it failed, with the server's words; otherwise the job retries.
   */
  async deliver(outboxId: number, ctx: Pick<JobContext, 'attempt'> & { maxAttempts: number }): Promise<void> {
    const row = await this.repo.find(this.db, outboxId);
    if (!row || row.status !== 'pending') return;
    const { transport, from } = await this.transportFor();
    try {
      await transport.send({
        from: { name: from.fromName, address: from.fromAddress },
        to: row.to_address,
        replyTo: row.reply_to,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        headers: JSON.parse(row.headers_json) as Record<string, string>,
        messageId: row.message_id,
      });
      await this.repo.attempted(this.db, outboxId, null);
      await this.repo.markSent(this.db, outboxId, this.deps.clock.now().toISOString());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.repo.attempted(this.db, outboxId, message);
      if ((err instanceof MailSendError && err.permanent) || ctx.attempt >= ctx.maxAttempts) {
        await this.repo.markFailed(this.db, outboxId, message);
        return;
      }
      throw err;
    }
  }

  /** The installation's sending address and name, or null while mail is not set up. */
  async sender(db: Executor = this.db): Promise<{ address: string; name: string | null } | null> {
    const { value } = await this.stored(db);
    return value ? { address: value.fromAddress, name: value.fromName } : null;
  }

  /** A Message-ID for a key, on the sending domain: the same key always names the same message. */
  messageIdFor(key: string, fromAddress: string): string {
    return this.messageId(key, fromAddress);
  }

  /**
   * Sends one message now through the settings in force, for senders that keep their own durable record of each
   * message (the newsletter copies): the server's reply on success, a MailSendError with its words otherwise.
   */
  async sendNow(message: Omit<MailMessage, 'from'> & { fromName: string | null }): Promise<{ response: string }> {
    const { transport, from } = await this.transportFor();
    const { fromName, ...rest } = message;
    return transport.send({ ...rest, from: { name: fromName, address: from.fromAddress } });
  }

  close(): void {
    this.transport?.transport.close();
    this.transport = null;
  }
}
