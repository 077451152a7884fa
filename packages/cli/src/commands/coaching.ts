import { AppError, describeReason, PeriodPreset, type Locale } from '@pond/domain';
import type { Command } from 'commander';
import { actingUser, dateOption, run, withWho, type Who } from '../context.js';

const date = dateOption;

/** `pond coaching`: the coaching table the acting user may read, with the one-shot flags in words. */
export function coachingCommands(program: Command): void {
  withWho(program.command('coaching').description('coaching (銷售人員PK): first contacts, revisits, follow-ups kept and the one-shot flag, per salesperson'))
    .option('--preset <preset>', `one of ${PeriodPreset.options.join(', ')} (default last_4_weeks)`)
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY-MM-DD)')
    .option('--team <id>', 'one team (a manager\'s own, any for an admin)')
    .action((o: Who & { preset?: string; from?: string; to?: string; team?: string }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const locale: Locale = actor.locale ?? 'en';
        const preset = o.preset === undefined ? undefined : PeriodPreset.safeParse(o.preset).data;
        if (o.preset !== undefined && !preset) throw new AppError('VALIDATION_FAILED', { details: [{ path: ['--preset'], message: PeriodPreset.options.join(', ') }] });
        const from = date(o.from, '--from');
        const to = date(o.to, '--to');
        const report = await ctx.services.coaching.report(actor, { ...(preset && { preset }), ...(from && { from }), ...(to && { to }), ...(o.team && { teamId: Number(o.team) }) });
        if (o.json) return console.log(JSON.stringify(report, null, 2));
        console.log(`${report.period.from} – ${report.period.to} (${report.period.timeZone})`);
        for (const r of report.rows) {
          const m = r.measures;
          console.log(`${r.user.name.padEnd(12)} first ${String(m.firstContacts).padStart(4)}  revisits ${String(m.revisits).padStart(4)} (${m.revisitPercent ?? '–'}%)  on time ${m.onTimePercent ?? '–'}%  book ${m.book}, touched once ${m.bookTouchedOnce}`);
          for (const f of r.flag) console.log(`  ⚑ ${describeReason(f, locale)}`);
        }
      }),
    );
}
