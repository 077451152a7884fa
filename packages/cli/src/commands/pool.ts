import { AppError, GRADES, Grade } from '@pond/domain';
import { CLI_META } from '@pond/server';
import type { Command } from 'commander';
import { actingUser, run, withWho, type Who } from '../context.js';

/** `pond pool …`: the shared pool (公海) through the same service, limits and audit as the API. */
export function poolCommands(program: Command): void {
  const pool = program.command('pool').description('the shared pool (公海): recall, list, claim');

  withWho(pool.command('sweep').description('recall every prospect past its grade\'s limit now (admin); --dry-run only counts them'))
    .option('--dry-run', 'count what would move, by grade, and change nothing')
    .action((o: Who & { dryRun?: boolean }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        if (actor.role !== 'admin') throw new AppError('FORBIDDEN');
        const report = await ctx.services.pool.sweep(actor, { dryRun: Boolean(o.dryRun) });
        if (o.json) return console.log(JSON.stringify(report, null, 2));
        const grades = GRADES.map((g) => `${g} ${report.byGrade[g]}`).join(', ');
        console.log(`${report.dryRun ? 'Would recall' : 'Recalled'} ${report.moved} prospect(s) to the pool as of ${report.asOf} (${grades}).`);
      }),
    );

  withWho(pool.command('list').description('prospects in the pool, longest there first, with the claims you have left today'))
    .option('--grade <grade>', `one of ${GRADES.join(', ')}`)
    .option('-q, --query <text>', 'search the pool')
    .option('--limit <n>', 'how many', '50')
    .action((o: Who & { grade?: string; query?: string; limit: string }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const grade = o.grade === undefined ? undefined : Grade.parse(o.grade);
        const page = await ctx.services.pool.list(actor, { ...(grade && { grade }), ...(o.query && { q: o.query }), limit: Math.min(200, Math.max(1, Number(o.limit) || 50)) });
        if (o.json) return console.log(JSON.stringify(page, null, 2));
        for (const p of page.items) {
          const since = p.pool.since ? p.pool.since.slice(0, 10) : '—';
          console.log(`${String(p.id).padStart(6)}  ${p.grade.padEnd(7)} ${p.name}${p.company ? ` (${p.company})` : ''}  since ${since}  from ${p.pool.formerOwner?.name ?? '—'}  ${p.pool.reason ?? ''}`);
        }
        console.log(`${page.total} in the pool; ${page.allowance.claimsLeftToday} of ${page.allowance.claimsPerDay} claims left today.`);
      }),
    );

  withWho(pool.command('claim <id>').description('claim a pool prospect: it becomes yours and is on your Today'))
    .action((id: string, o: Who) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const n = Number(id);
        if (!Number.isSafeInteger(n) || n <= 0) throw new AppError('NOT_FOUND');
        const result = await ctx.services.pool.claim(actor, [n], CLI_META);
        console.log(o.json ? JSON.stringify(result) : `Claimed prospect ${n}.`);
      }),
    );
}
