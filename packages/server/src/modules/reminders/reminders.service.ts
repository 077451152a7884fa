import { withTransaction } from '@pond/db';
import {
  EVENT_KIND_LABELS,
  eventWhen,
  startOfDayIn,
  AppError,
  DEFAULT_LOCALE,
  NOTIFICATION_KEEP_DAYS,
  NotificationKind,
  addDays,
  daysBetween,
  daysToMask,
  digestDueFor,
  digestHasContent,
  feedEventText,
  localDateOf,
  maskToDays,
  renderDigest,
  todayIn,
  type AgendaItemView,
  type DigestInput,
  type DigestRow,
  type DigestSettingsInput,
  type FeedCreatedView,
  type Locale,
  type MarkReadInput,
  type NotificationsPageView,
  type ReminderSettingsView,
} from '@pond/domain';
import { createHash } from 'node:crypto';
import ical, { foldLines, ICalEvent, ICalEventStatus, type ICalCalendar, type ICalEventData } from 'ical-generator';
import type { EventsRepository } from '../events/events.repository.js';
import type { JobQueue } from '../../jobs/queue.js';
import { actorFor, type Actor, type RequestMeta, type SystemActor } from '../../platform/actor.js';
import { link } from '../../platform/config.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AuthService } from '../auth/auth.service.js';
import type { MailService } from '../mail/mail.service.js';
import type { AgendaService } from '../prospects/agenda.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { NotificationsRepository } from './notifications.repository.js';
import { DIGEST_SEND, digestKey } from './reminders.jobs.js';
import type { FeedKeyRow, RemindersRepository } from './reminders.repository.js';
import type { Repositories } from '../../repositories.js';

/** Rows per section in a morning mail; the rest are counted ("and 12 more in Pond"). */
const MAIL_ROWS = 10;
/** How far ahead a calendar feed shows follow-ups, and at most how many. */
const FEED_DAYS_AHEAD = 60;
const FEED_MAX_EVENTS = 5000;
/** Feed bodies kept per process, by user and tag, at most this many bytes in all (a big feed is ~2.3 MB). */
const FEED_CACHE_BYTES = 48_000_000;

/** One follow-up's event as a build wrote it, with the prospect's state it was written from. */
interface KeptEvent {
  version: number;
  updatedAt: string;
  text: Buffer;
}

/**
 * One user's latest feed: the tag it was built for, its body, and each follow-up's event by prospect. The events
 * hold for one reader's context (the day, the language, the time zone, the host): another context builds them anew.
 */
interface CachedFeed {
  tag: string;
  body: Buffer;
  context: string;
  events: Map<number, KeptEvent>;
}

/**
 * The latest feed of each user. Calendars that do not send If-None-Match (many poll without it) get the same bytes
 * again without a build; a change to the user's rows changes the tag, and the next request builds afresh, taking
 * every follow-up whose prospect (version and last change) and context are unchanged from the last build's bytes.
 * Oldest out first when the total passes the bound (a body and its events count twice its length).
 */
class FeedCache {
  private readonly entries = new Map<number, CachedFeed>();
  private bytes = 0;

  get(userId: number, tag: string): Buffer | undefined {
    const e = this.entries.get(userId);
    return e && e.tag === tag ? e.body : undefined;
  }

  /** The follow-ups of the user's last build, when it was made for the same context. */
  eventsOf(userId: number, context: string): Map<number, KeptEvent> | undefined {
    const e = this.entries.get(userId);
    return e && e.context === context ? e.events : undefined;
  }

  set(userId: number, feed: CachedFeed): void {
    this.drop(userId);
    if (feed.body.length * 2 > FEED_CACHE_BYTES) return;
    this.entries.set(userId, feed);
    this.bytes += feed.body.length * 2;
    for (const [id] of this.entries) {
      if (this.bytes <= FEED_CACHE_BYTES) break;
      this.drop(id);
    }
  }

  private drop(userId: number): void {
    const e = this.entries.get(userId);
    if (e) this.bytes -= e.body.length * 2;
    this.entries.delete(userId);
  }
}

/** One event as the calendar file holds it: ical-generator's own lines, folded at 75 octets as the calendar folds them. */
function eventText(cal: ICalCalendar, data: ICalEventData): Buffer {
  return Buffer.from(foldLines(new ICalEvent(data, cal).toString()));
}

/** The calendar with the given events, in the layout ical-generator writes: its header, the events, its end. */
function calendarBytes(cal: ICalCalendar, events: Buffer[]): Buffer {
  const empty = foldLines(cal.toString());
  const end = 'END:VCALENDAR';
  return Buffer.concat([Buffer.from(empty.slice(0, empty.lastIndexOf(end))), ...events, Buffer.from(end)]);
}

/**
 * Reminders that reach people where they look: the morning agenda mail, a private calendar feed, and the bell's
 * notices. Mail goes through the mail seam's outbox; the morning's work is a job per user per local day.
 */
export class RemindersService {
  private readonly repo: RemindersRepository;
  private readonly users: UsersRepository;
  private readonly notices: NotificationsRepository;
  private readonly audit: AuditRepository;
  private readonly feeds = new FeedCache();
  private readonly events: EventsRepository;

  constructor(
    repos: Pick<Repositories, 'audit' | 'events' | 'notifications' | 'reminders' | 'users'>,
    private readonly deps: CoreDeps,
    private readonly jobs: JobQueue,
    private readonly agenda: AgendaService,
    private readonly auth: AuthService,
    private readonly mail: MailService,
  ) {
    this.repo = repos.reminders;
    this.users = repos.users;
    this.notices = repos.notifications;
    this.audit = repos.audit;
    this.events = repos.events;
  }

  private get db() {
    return this.deps.database.db;
  }

  private zoneOf(timeZone: string | null): string {
    return timeZone ?? this.deps.config.defaultTimeZone;
  }

  async settings(actor: Actor): Promise<ReminderSettingsView> {
    const [d, feed, mailConfigured] = await Promise.all([this.repo.digest(this.db, actor.userId), this.auth.feedStatus(actor), this.mail.isConfigured()]);
    if (!d) throw new AppError('UNAUTHENTICATED');
    return {
      digest: { enabled: d.enabled, hour: d.hour, days: maskToDays(d.days), teamDigest: d.teamDigest && actor.role === 'manager', teamDigestAvailable: actor.role === 'manager', timeZone: this.zoneOf(d.timeZone), mailConfigured },
      feed,
    };
  }

  async setDigest(actor: Actor, input: DigestSettingsInput, meta: RequestMeta): Promise<ReminderSettingsView> {
    if (input.teamDigest && actor.role !== 'manager') throw new AppError('FORBIDDEN');
    const at = this.deps.clock.now().toISOString();
    await withTransaction(this.db, async (trx) => {
      const before = await this.repo.digest(trx, actor.userId);
      if (!before) throw new AppError('UNAUTHENTICATED');
      const next = { enabled: input.enabled, hour: input.hour, days: daysToMask(input.days), teamDigest: input.teamDigest ?? before.teamDigest };
      await this.repo.setDigest(trx, actor.userId, next, at);
      await this.audit.record(trx, {
        at,
        actorId: actor.userId,
        actorLabel: actor.email,
        action: 'user.digest_changed',
        entityType: 'user',
        entityId: actor.userId,
        before: { enabled: before.enabled, hour: before.hour, days: maskToDays(before.days), teamDigest: before.teamDigest },
        after: { ...next, days: input.days },
        ip: meta.ip,
      });
    });
    return this.settings(actor);
  }

  /** The mail's one-click "turn it off" (RFC 8058): idempotent, so a second click says the same. */
  async turnDigestOff(actor: Actor, meta: RequestMeta): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    await withTransaction(this.db, async (trx) => {
      if (await this.repo.turnOff(trx, actor.userId, at)) {
        await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'user.digest_unsubscribed', entityType: 'user', entityId: actor.userId, ip: meta.ip });
      }
    });
  }

  async createFeed(actor: Actor, meta: RequestMeta): Promise<FeedCreatedView> {
    const { token, createdAt } = await this.auth.createFeedToken(actor, meta);
    return { url: link(this.deps.config, `/api/v1/feeds/${token}`), createdAt };
  }

  revokeFeed(actor: Actor, meta: RequestMeta): Promise<void> {
    return this.auth.revokeFeedToken(actor, meta);
  }

  /**
   * The feed's entity tag: what its body depends on (today's date, the language, the due rows' count, latest change
   * and versions), asked in one aggregate, so a calendar polling an unchanged feed costs one indexed count.
   */
  async calendarTag(actor: Actor): Promise<string> {
    const today = todayIn(this.deps.clock.now(), this.zoneOf(actor.timeZone));
    const window = this.eventWindow(today, this.zoneOf(actor.timeZone));
    const [stamp, events] = await Promise.all([this.repo.feedStamp(this.db, actor.userId, addDays(today, FEED_DAYS_AHEAD)), this.events.feedStamp(this.db, actor.userId, window.from, window.until)]);
    const digest = createHash('sha256').update(`${today}|${actor.locale ?? ''}|${actor.timeZone ?? ''}|${actor.displayName}|${stamp}|${events}`).digest('base64url').slice(0, 27);
    return `"${digest}"`;
  }

  /**
   * The user's follow-ups as all-day events (iCalendar): what is overdue or due today on today, the rest on their
   * due dates, for the next 60 days. Only the user's own live prospects: one moved away is gone from the next fetch.
   * Each event's UID is its prospect's, so a calendar moves an event instead of adding a second one.
   */
  async calendar(actor: Actor, tag?: string): Promise<Buffer> {
    const known = tag === undefined ? undefined : this.feeds.get(actor.userId, tag);
    if (known !== undefined) return known;
    const built = await this.buildCalendar(actor, tag !== undefined);
    if (tag !== undefined) this.feeds.set(actor.userId, { tag, ...built });
    return built.body;
  }

  /** The feed from the rows; with `reuse`, taking each follow-up whose prospect is unchanged from the last build. */
  private async buildCalendar(actor: Actor, reuse: boolean): Promise<Omit<CachedFeed, 'tag'>> {
    const now = this.deps.clock.now();
    const timeZone = this.zoneOf(actor.timeZone);
    const today = todayIn(now, timeZone);
    const locale: Locale = actor.locale ?? DEFAULT_LOCALE;
    const host = this.deps.config.baseUrl.hostname;
    // Everything an event's text is made of: the prospect as it stands (a touch logged moves its version and
    // updated_at, so its latest touch is covered too), and the reader's context.
    const context = `${today}|${locale}|${timeZone}|${host}`;
    const previous = reuse ? this.feeds.eventsOf(actor.userId, context) : undefined;
    const same = (k: FeedKeyRow, e: KeptEvent | undefined): e is KeptEvent => e !== undefined && e.version === k.version && e.updatedAt === k.updated_at;
    const keys = await this.repo.feedKeys(this.db, actor.userId, addDays(today, FEED_DAYS_AHEAD), FEED_MAX_EVENTS);
    // Only the prospects whose event the last build does not hold are read in full.
    const missing = keys.filter((k) => !same(k, previous?.get(k.id))).map((k) => k.id);
    const details = new Map((await this.repo.feedDetails(this.db, actor.userId, missing)).map((r) => [r.id, r]));
    const cal = ical({ name: `Pond · ${actor.displayName}`, prodId: { company: 'Pond', product: 'Pond', language: locale.startsWith('zh') ? 'ZH' : 'EN' }, ttl: 3600 });
    const texts: Buffer[] = [];
    const events = new Map<number, KeptEvent>();
    for (const k of keys) {
      let kept = previous?.get(k.id);
      if (!same(k, kept)) {
        const r = details.get(k.id);
        // A prospect gone between the two reads (archived, moved away) is left out.
        if (!r) continue;
        const on = r.next_due_on < today ? today : r.next_due_on;
        const row: DigestRow = {
          name: r.name,
          company: r.company,
          daysOverdue: Math.max(0, daysBetween(r.next_due_on, today)),
          nextDueOn: r.next_due_on,
          daysSinceLastTouch: r.last_touch_at ? daysBetween(localDateOf(r.last_touch_at, timeZone), today) : null,
          said: r.touch_feedback ?? r.touch_summary ?? null,
          openUrl: link(this.deps.config, `/prospects/${r.id}`),
          touchUrl: link(this.deps.config, `/prospects/${r.id}?touch=1`),
        };
        const words = feedEventText(locale, row);
        const [y, m, d] = on.split('-').map(Number) as [number, number, number];
        // Read a moment after its key: the event is filed under the version it shows.
        kept = {
          version: r.version,
          updatedAt: r.updated_at,
          text: eventText(cal, {
            id: `prospect-${r.id}@${host}`,
            allDay: true,
            start: new Date(Date.UTC(y, m - 1, d)),
            end: new Date(Date.UTC(y, m - 1, d + 1)),
            summary: words.summary,
            description: words.description,
            url: row.openUrl,
            stamp: new Date(r.updated_at),
            lastModified: new Date(r.updated_at),
          }),
        };
      }
      events.set(k.id, kept);
      texts.push(kept.text);
    }
    // The events the user hosts or made, at their times (UTC in the file; calendars show them in the reader's zone).
    const window = this.eventWindow(today, timeZone);
    for (const e of await this.events.feedEvents(this.db, actor.userId, window.from, window.until, FEED_MAX_EVENTS)) {
      const url = link(this.deps.config, `/events/${e.id}`);
      const kind = EVENT_KIND_LABELS[locale][e.kind];
      texts.push(
        eventText(cal, {
          id: `event-${e.id}@${host}`,
          start: new Date(e.starts_at),
          end: new Date(e.ends_at ?? new Date(Date.parse(e.starts_at) + 3_600_000).toISOString()),
          summary: `${kind}: ${e.title}`,
          description: [eventWhen({ startsAt: e.starts_at, endsAt: e.ends_at, timeZone: e.time_zone }, locale), e.online_url, e.notes, url].filter(Boolean).join('\n'),
          ...(e.place && { location: e.place }),
          url,
          status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
          stamp: new Date(e.updated_at),
          lastModified: new Date(e.updated_at),
        }),
      );
    }
    return { body: calendarBytes(cal, texts), context, events };
  }

  /** The feed's events: from the start of yesterday (the user's calendar) to as far ahead as its follow-ups go. */
  private eventWindow(today: string, timeZone: string): { from: string; until: string } {
    return { from: startOfDayIn(addDays(today, -1), timeZone), until: startOfDayIn(addDays(today, FEED_DAYS_AHEAD + 1), timeZone) };
  }

  /**
   * The planner, run every few minutes: for each active user whose morning has come (their hour, on one of their
   * days, in their own time zone) the day's job, under a key of the user and the local day, so a second planner or
   * a second run adds nothing. A worker that was down at 08:00 plans it when it returns, the same day only.
   */
  async planDigests(): Promise<number> {
    const now = this.deps.clock.now();
    let planned = 0;
    for (const u of await this.repo.candidates(this.db)) {
      // The hour and the days hold for the notices too; whether the mail goes is the job's question.
      const day = digestDueFor(now, this.zoneOf(u.timeZone), { ...u, enabled: true });
      if (day && (await this.jobs.enqueue(DIGEST_SEND, digestKey(u.userId, day), { userId: u.userId, day }))) planned++;
    }
    return planned;
  }

  /**
   * One user's morning, for one local day: the day is taken in one conditional statement, and in the same
   * transaction the mail is queued in the outbox and the day's notices are written. A run for a day that is no
   * longer the user's today (the worker was down past midnight, or the user moved west) does nothing.
   */
  async sendDigest(userId: number, day: string, _by: SystemActor): Promise<'sent' | 'quiet' | 'skipped'> {
    const user = await this.users.findById(this.db, userId);
    if (!user || !user.active) return 'skipped';
    const timeZone = this.zoneOf(user.timeZone);
    if (todayIn(this.deps.clock.now(), timeZone) !== day) return 'skipped';
    const actor = actorFor(user, 'job');
    const locale: Locale = user.locale ?? DEFAULT_LOCALE;
    const state = await this.repo.digest(this.db, userId);
    const agenda = await this.agenda.today(actor, MAIL_ROWS);
    const team = state?.teamDigest && user.role === 'manager' ? await this.repo.teamOverdue(this.db, user.id, day) : null;
    const at = this.deps.clock.now().toISOString();
    // The events of the day the user hosts or made, in their calendar (a cancelled one says nothing to do).
    const events = (await this.events.feedEvents(this.db, userId, startOfDayIn(day, timeZone), startOfDayIn(addDays(day, 1), timeZone), MAIL_ROWS))
      .filter((e) => e.status === 'planned')
      .map((e) => ({
        title: e.title,
        when: `${EVENT_KIND_LABELS[locale][e.kind]} · ${eventWhen({ startsAt: e.starts_at, endsAt: e.ends_at, timeZone: e.time_zone }, locale)}`,
        place: e.place ?? e.online_url,
        openUrl: link(this.deps.config, `/events/${e.id}`),
      }));
    const input: DigestInput = {
      locale,
      displayName: user.displayName,
      today: day,
      overdue: { count: agenda.buckets.overdue.count, rows: agenda.buckets.overdue.items.map((i) => this.digestRow(i)) },
      dueToday: { count: agenda.buckets.today.count, rows: agenda.buckets.today.items.map((i) => this.digestRow(i)) },
      leaving: {
        count: agenda.leavingForPool.count,
        rows: agenda.leavingForPool.items.map((l) => ({ name: l.prospect.name, company: l.prospect.company, recallOn: l.recallOn, daysLeft: l.daysLeft, openUrl: link(this.deps.config, `/prospects/${l.prospect.id}`) })),
      },
      team,
      events,
      links: {
        today: link(this.deps.config, '/'),
        account: link(this.deps.config, '/account'),
        unsubscribe: link(this.deps.config, `/api/v1/reminders/unsubscribe?t=${await this.auth.links.sign('digest-off', userId)}`),
      },
    };
    const mailOn = Boolean(state?.enabled) && (await this.mail.isConfigured());
    return withTransaction(this.db, async (trx) => {
      if (!(await this.repo.claimDay(trx, userId, day))) return 'skipped';
      const due = input.overdue.count + input.dueToday.count;
      if (due > 0) {
        await this.notices.insert(trx, { userId, kind: 'due_today', key: `due_today:${userId}:${day}`, data: { overdue: input.overdue.count, today: input.dueToday.count, day }, at });
      }
      for (const l of agenda.leavingForPool.items) {
        await this.notices.insert(trx, { userId, kind: 'leaving_pool', key: `leaving_pool:${l.prospect.id}:${l.recallOn}`, prospectId: l.prospect.id, data: { recallOn: l.recallOn, daysLeft: l.daysLeft }, at });
      }
      if (!mailOn || !digestHasContent(input)) return 'quiet';
      const rendered = renderDigest(input);
      await this.mail.queue(trx, {
        key: `digest:${userId}:${day}`,
        to: user.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        headers: {
          'List-Unsubscribe': `<${input.links.unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
      });
      return 'sent';
    });
  }

  private digestRow(i: AgendaItemView): DigestRow {
    return {
      name: i.prospect.name,
      company: i.prospect.company,
      daysOverdue: Math.max(0, -(i.reason.daysUntilDue ?? 0)),
      nextDueOn: i.reason.nextDueOn,
      daysSinceLastTouch: i.reason.daysSinceLastTouch,
      said: i.lastTouch?.feedback ?? i.lastTouch?.summary ?? null,
      openUrl: link(this.deps.config, `/prospects/${i.prospect.id}`),
      touchUrl: link(this.deps.config, `/prospects/${i.prospect.id}?touch=1`),
    };
  }

  async notifications(actor: Actor, before: number | null, limit: number): Promise<NotificationsPageView> {
    const [rows, unread] = await Promise.all([this.notices.page(this.db, actor.userId, before, limit + 1), this.notices.unread(this.db, actor.userId)]);
    const page = rows.slice(0, limit);
    return {
      unread,
      items: page.map((r) => ({
        id: r.id,
        kind: NotificationKind.parse(r.kind),
        at: r.created_at,
        read: r.read_at !== null,
        prospect: r.prospect_id !== null && r.prospect_name !== null ? { id: r.prospect_id, name: r.prospect_name } : null,
        actor: r.actor_label,
        data: JSON.parse(r.data_json) as Record<string, string | number | null>,
      })),
      nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }

  async markRead(actor: Actor, input: MarkReadInput): Promise<{ unread: number }> {
    await this.notices.markRead(this.db, actor.userId, 'all' in input ? 'all' : input.ids, this.deps.clock.now().toISOString());
    return { unread: await this.notices.unread(this.db, actor.userId) };
  }

  /** Notices are kept 90 days. */
  async purgeNotifications(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - NOTIFICATION_KEEP_DAYS * 86_400_000).toISOString();
    return this.notices.purgeBefore(this.db, cutoff);
  }
}
