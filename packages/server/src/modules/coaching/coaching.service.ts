import type { Executor } from '@pond/db';
import {
  AppError,
  PROSPECT_MEASURE_KEYS,
  addDays,
  coachingCsv,
  coachingDigestDue,
  localDateOf,
  localHourOf,
  renderCoachingDigest,
  DEFAULT_LOCALE,
  daysBetween,
  median,
  oneShotReasons,
  onTimeRate,
  percent,
  periodIn,
  periodProblem,
  presetRange,
  revisitRate,
  todayIn,
  weeksOf,
  type CoachPeriod,
  type CoachRowView,
  type CoachWeek,
  type CoachingPolicy,
  type CoachingQuery,
  type CoachingReportView,
  type DrillView,
  type Locale,
  type MeasureKey,
  type MeasuresView,
  type OUTCOMES,
} from '@pond/domain';
import type { JobQueue } from '../../jobs/queue.js';
import { actorFor, type Actor, type RequestMeta } from '../../platform/actor.js';
import { link } from '../../platform/config.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AgendaService } from '../prospects/agenda.service.js';
import type { MailService } from '../mail/mail.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import { COACHING_DIGEST, coachingDigestKey } from './coaching.jobs.js';
import { type CoachingRepository, spanOf, type Span } from './coaching.repository.js';
import type { Repositories } from '../../repositories.js';
import type { ProspectAccess } from '../prospects/prospects.access.js';

type Member = Awaited<ReturnType<CoachingRepository['members']>>[number];

/** The counts whose team median a salesperson sees in place of colleagues' names. */
const MEDIAN_KEYS = ['touches', 'firstContacts', 'revisits', 'revisitPercent', 'prospectsTouched', 'touchedOnce', 'followUpsDue', 'onTimePercent', 'overdue', 'book', 'bookTouchedOnce', 'newsletterPercent', 'orders', 'onBehalfMade', 'onBehalfReceived', 'feedbackPercent'] as const;

const emptyOutcomes = (): Record<(typeof OUTCOMES)[number], number> => ({ complete: 0, pass: 0, success: 0, failure: 0 });

/**
 * Coaching (銷售人員PK): each salesperson's measures over a period in the viewer's calendar, the one-shot flag, the
 * weekly series for the charts, the rows behind every number, and the table as CSV. A manager reads their teams, an
 * admin any team or all, a salesperson themself beside the team's anonymous medians.
 */
export class CoachingService {
  private readonly repo: CoachingRepository;
  private readonly audit: AuditRepository;
  private readonly users: UsersRepository;

  constructor(
    repos: Pick<Repositories, 'audit' | 'coaching' | 'users'>,
    private readonly access: ProspectAccess,
    private readonly deps: CoreDeps,
    private readonly settings: SettingsService,
    private readonly agenda: AgendaService,
    private readonly jobs: JobQueue,
    private readonly mail: MailService,
  ) {
    this.repo = repos.coaching;
    this.audit = repos.audit;
    this.users = repos.users;
  }

  private get db() {
    return this.deps.database.db;
  }

  /** A user's time zone, or the installation's when they chose none. */
  private zoneOf(timeZone: string | null) {
    return timeZone ?? this.deps.config.defaultTimeZone;
  }

  /** The period asked for, in the viewer's calendar: explicit days, a preset, or the last four weeks. */
  private period(actor: Actor, q: Pick<CoachingQuery, 'preset' | 'from' | 'to'>) {
    const zone = this.zoneOf(actor.timeZone);
    const today = todayIn(this.deps.clock.now(), zone);
    let range = presetRange(q.preset ?? 'last_4_weeks', today);
    if (q.from || q.to) {
      const to = q.to ?? (q.from && daysBetween(q.from, today) >= 0 ? today : q.from!);
      range = { from: q.from ?? addDays(to, -27), to };
    }
    const problem = periodProblem(range.from, range.to);
    if (problem) throw new AppError(problem);
    return { zone, today, period: periodIn(range.from, range.to, zone) };
  }

  /** Whom the viewer may read: an admin everyone (or one team), a manager the teams they manage, anyone themself. */
  private async audience(db: Executor, actor: Actor, teamId: number | undefined) {
    if (actor.role === 'admin' || actor.role === 'manager') {
      const teams = await this.repo.teams(db, actor.role === 'admin' ? 'all' : actor.userId);
      if (teamId !== undefined && !teams.some((t) => t.id === teamId)) throw new AppError('NOT_FOUND');
      const ids = teamId !== undefined ? [teamId] : teams.map((t) => t.id);
      const members = await this.repo.members(db, actor.role === 'admin' && teamId === undefined ? 'all' : ids);
      return { teams: teams.map((t) => ({ id: t.id, name: t.name })), members, shown: members, named: true };
    }
    // A salesperson: their own row; their team's medians without names. Another team is not theirs to name.
    if (teamId !== undefined && teamId !== actor.teamId) throw new AppError('NOT_FOUND');
    const team = actor.teamId === null ? [] : await this.repo.members(db, [actor.teamId]);
    const self = team.find((m) => m.id === actor.userId) ?? (await this.repo.members(db, 'all', actor.userId))[0];
    return { teams: [], members: team.length ? team : self ? [self] : [], shown: self ? [self] : [], named: false };
  }

  async report(actor: Actor, q: CoachingQuery): Promise<CoachingReportView> {
    const db = this.db;
    const { zone, today, period } = this.period(actor, q);
    const { teams, members, shown } = await this.audience(db, actor, q.teamId);
    const weeks = weeksOf(period, zone);
    const { policy } = await this.settings.coachingPolicy(db);
    const rows = await this.rowsFor(db, members, period, weeks, policy, zone, today);
    const medianOf = Object.fromEntries(MEDIAN_KEYS.map((k) => [k, median(rows.map((r) => r.measures[k]).filter((v): v is number => v !== null))]));
    const shownIds = new Set(shown.map((m) => m.id));
    const manages = actor.role === 'admin' || actor.role === 'manager';
    return {
      period: { from: period.from, to: period.to, timeZone: zone },
      window: { from: addDays(period.to, 1 - policy.windowDays), to: period.to },
      weeks: weeks.map((w) => ({ from: w.from, to: w.to })),
      rows: rows.filter((r) => shownIds.has(r.user.id)),
      median: medianOf,
      teams,
      can: { compare: manages, export: manages },
    };
  }

  /** Every measure of each member over the period, with the weekly series and the flag over its window. */
  private async rowsFor(
    db: Executor,
    members: readonly Member[],
    period: CoachPeriod,
    weeks: readonly CoachWeek[],
    policy: CoachingPolicy,
    zone: string,
    today: string,
  ): Promise<CoachRowView[]> {
    const ids = members.map((m) => m.id);
    const span = spanOf(period, today);
    const windowPeriod = periodIn(addDays(period.to, 1 - policy.windowDays), period.to, zone);
    const windowSpan = spanOf(windowPeriod, today);
    const [made, touched, received, dues, books, orders, pool, flagMade] = await Promise.all([
      this.repo.madeByWeek(db, ids, span, weeks),
      this.repo.prospectsTouched(db, ids, span),
      this.repo.receivedBy(db, ids, span),
      this.repo.dueByWeek(db, ids, span, weeks),
      this.repo.books(db, ids, period.endsAt),
      this.repo.orders(db, ids, span),
      this.repo.poolMoves(db, ids, span),
      this.repo.madeByWeek(db, ids, windowSpan, weeksOf(windowPeriod, zone).slice(0, 1)),
    ]);
    const now = this.deps.clock.now();
    // Overdue now is Today's own count, in each member's calendar.
    const overdue = new Map(await Promise.all(members.map(async (m) => [m.id, (await this.agenda.countsOf(db, m, now)).overdue] as const)));
    return members.map((m) => {
      const series = { firstContacts: weeks.map(() => 0), revisits: weeks.map(() => 0), kept: weeks.map(() => 0), late: weeks.map(() => 0) };
      const x: MeasuresView = {
        touches: 0,
        firstContacts: 0,
        revisits: 0,
        revisitPercent: null,
        prospectsTouched: touched.get(m.id)?.prospects ?? 0,
        touchedOnce: 0,
        touchedOnceOldestDays: null,
        onBehalfMade: 0,
        onBehalfReceived: received.get(m.id) ?? 0,
        outcomes: emptyOutcomes(),
        withFeedback: 0,
        feedbackPercent: null,
        followUpsDue: 0,
        followUpsOnTime: 0,
        followUpsLate: 0,
        onTimePercent: null,
        overdue: overdue.get(m.id) ?? 0,
        book: books.get(m.id)?.book ?? 0,
        bookTouchedOnce: books.get(m.id)?.touchedOnce ?? 0,
        newsletterCovered: books.get(m.id)?.covered ?? 0,
        newsletterPercent: null,
        orders: 0,
        revenue: [],
        commission: [],
        lostToPool: pool.get(m.id)?.lost ?? 0,
        claimedFromPool: pool.get(m.id)?.claimed ?? 0,
      };
      for (const w of made) {
        if (w.userId !== m.id) continue;
        x.touches += w.touches;
        x.firstContacts += w.firstContacts;
        x.revisits += w.revisits;
        x.touchedOnce += w.touchedOnce;
        x.onBehalfMade += w.onBehalfMade;
        x.withFeedback += w.withFeedback;
        for (const o of Object.keys(x.outcomes) as (keyof typeof x.outcomes)[]) x.outcomes[o] += w.outcomes[o];
        series.firstContacts[w.week]! += w.firstContacts;
        series.revisits[w.week]! += w.revisits;
      }
      for (const d of dues) {
        if (d.userId !== m.id) continue;
        x.followUpsDue += d.followUpsDue;
        x.followUpsOnTime += d.followUpsOnTime;
        x.followUpsLate += d.followUpsLate;
        series.kept[d.week]! += d.followUpsOnTime;
        series.late[d.week]! += d.followUpsLate;
      }
      for (const o of orders) {
        if (o.userId !== m.id) continue;
        x.orders += o.orders;
        x.revenue.push({ currency: o.currency, minor: o.revenue });
        x.commission.push({ currency: o.currency, minor: o.commission });
      }
      const since = touched.get(m.id)?.onceSince;
      x.touchedOnceOldestDays = since && x.touchedOnce > 0 ? Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 86_400_000)) : null;
      x.revisitPercent = revisitRate(x);
      x.onTimePercent = onTimeRate(x);
      x.feedbackPercent = percent(x.withFeedback, x.touches);
      x.newsletterPercent = percent(x.newsletterCovered, x.book);
      const win = flagMade.find((w) => w.userId === m.id);
      const flag = oneShotReasons(
        { firstContacts: win?.firstContacts ?? 0, revisits: win?.revisits ?? 0, touchedOnce: win?.touchedOnce ?? 0, book: x.book, bookTouchedOnce: x.bookTouchedOnce },
        policy,
      );
      return {
        user: { id: m.id, name: m.display_name, team: m.team_name },
        measures: x,
        series: { firstContacts: series.firstContacts, revisits: series.revisits, onTimePercent: series.kept.map((k, i) => percent(k, k + series.late[i]!)) },
        flag,
      };
    });
  }

  /** The rows behind one number of one member's report: the same predicate the number counted. */
  async drill(actor: Actor, q: { userId: number; measure: MeasureKey; from: string; to: string; limit: number }): Promise<DrillView> {
    const db = this.db;
    const { today, period } = this.period(actor, q);
    const { shown, members, named } = await this.audience(db, actor, undefined);
    // A salesperson drills into their own numbers only; the medians have no rows behind them.
    if (!(named ? members : shown).some((m) => m.id === q.userId)) throw new AppError('NOT_FOUND');
    const span: Span = spanOf(period, today);
    const { scope } = await this.access.reachOf(db, actor);
    const now = this.deps.clock.now().getTime();
    const age = (at: string | null) => (at ? Math.max(0, Math.floor((now - Date.parse(at)) / 86_400_000)) : null);
    if ((PROSPECT_MEASURE_KEYS as readonly string[]).includes(q.measure)) {
      const member = members.find((m) => m.id === q.userId)!;
      const memberToday = todayIn(this.deps.clock.now(), this.zoneOf(member.time_zone));
      const { total, rows } = await this.repo.drillProspects(db, q.measure, q.userId, span, memberToday, scope, q.limit);
      return {
        measure: q.measure,
        total,
        rows: rows.map((r) => {
          const at = r.last_touch_at === null ? null : new Date(r.last_touch_at).toISOString();
          return { prospect: Number(r.visible) ? { id: r.id, name: r.name, company: r.company } : null, at, touch: null, ageDays: age(at), detail: r.next_due_on };
        }),
      };
    }
    const { total, rows } = await this.repo.drillTouches(db, q.measure, q.userId, span, scope, q.limit);
    return {
      measure: q.measure,
      total,
      rows: rows.map((r) => {
        const visible = Number(r.visible) === 1;
        const at = new Date(r.at).toISOString();
        return {
          prospect: visible ? { id: r.prospect_id, name: r.prospect_name, company: r.prospect_company } : null,
          at,
          touch: { id: r.id, kind: r.kind, outcome: r.outcome, channel: r.channel, by: r.by_name, dueOn: r.due_on },
          ageDays: age(at),
          detail: visible ? (r.feedback || r.summary || null) : null,
        };
      }),
    };
  }

  /** The team table as CSV, in the reader's language; audited, as every export is. */
  async csv(actor: Actor, q: CoachingQuery, meta: RequestMeta, locale: Locale): Promise<{ filename: string; body: string }> {
    if (actor.role !== 'admin' && actor.role !== 'manager') throw new AppError('FORBIDDEN');
    const report = await this.report(actor, q);
    const body = coachingCsv(report.rows, locale);
    await this.audit.record(this.db, {
      at: this.deps.clock.now().toISOString(),
      actorId: actor.userId,
      actorLabel: actor.email,
      action: 'coaching.exported',
      entityType: 'coaching',
      entityId: q.teamId === undefined ? 'all' : String(q.teamId),
      before: null,
      after: { from: report.period.from, to: report.period.to, rows: report.rows.length },
      ip: meta.ip,
    });
    return { filename: `pond-coaching-${report.period.from}-${report.period.to}.csv`, body };
  }

  /**
   * The weekly mail's planner, run every few minutes: a manager whose Monday morning has come (their hour, their
   * calendar) gets the week's job under a key of the manager and the Monday, so planning twice plans nothing more.
   */
  async planDigests(): Promise<number> {
    const now = this.deps.clock.now();
    let planned = 0;
    for (const m of await this.repo.digestManagers(this.db)) {
      const zone = this.zoneOf(m.time_zone);
      const monday = coachingDigestDue(localDateOf(now, zone), localHourOf(now, zone), m.digest_hour);
      if (monday && (await this.jobs.enqueue(COACHING_DIGEST, coachingDigestKey(m.id, monday), { managerId: m.id, monday }))) planned++;
    }
    return planned;
  }

  /**
   * One manager's mail for the week before a Monday, in their language: their teams' table and flags. Queued in the
   * outbox under a key of the manager and the Monday, so a retry or a second worker sends it once.
   */
  async sendDigest(managerId: number, monday: string): Promise<'queued' | 'skipped'> {
    const user = await this.users.findById(this.db, managerId);
    if (!user || !user.active || user.role !== 'manager' || !(await this.mail.isConfigured())) return 'skipped';
    const report = await this.report(actorFor(user, 'job'), presetRange('last_week', monday));
    if (!report.rows.length) return 'skipped';
    const rendered = renderCoachingDigest({
      locale: user.locale ?? DEFAULT_LOCALE,
      managerName: user.displayName,
      period: report.period,
      rows: report.rows,
      links: { coaching: link(this.deps.config, `/coaching?from=${report.period.from}&to=${report.period.to}`), account: link(this.deps.config, '/account') },
    });
    await this.mail.queue(this.db, { key: `coaching-digest:${managerId}:${monday}`, to: user.email, subject: rendered.subject, text: rendered.text, html: rendered.html, headers: { 'Auto-Submitted': 'auto-generated' } });
    return 'queued';
  }
}
