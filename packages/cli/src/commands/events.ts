import { AppError, eventWhen, type EventView, type InvitationView, type Locale } from '@pond/domain';
import type { Command } from 'commander';
import { CLI_META } from '@pond/server';
import { actingUser, run, withWho, type Who } from '../context.js';

const line = (e: EventView, locale: Locale) =>
  `${String(e.id).padStart(5)}  ${eventWhen(e, locale)}  ${e.kind.padEnd(10)} ${e.title}${e.status === 'cancelled' ? ' (cancelled)' : ''}  · accepted ${e.counts.accepted}, attended ${e.counts.attended} of ${e.counts.total}${e.capacity === null ? '' : ` · ${e.seatsLeft} seat(s) left`}`;
const guest = (i: InvitationView) => `${String(i.id).padStart(6)}  ${i.state.padEnd(9)} ${i.prospect.name}${i.prospect.company ? ` (${i.prospect.company})` : ''}${i.walkIn ? ' · walk-in' : ''}`;

/** `pond events …`: the events the acting user may see, and checking a guest in at the door. */
export function eventsCommands(program: Command): void {
  const events = program.command('events').description('events (研討會): list them and check guests in');

  withWho(events.command('list').description('events you may see: upcoming (soonest first), or past with --past'))
    .option('--past', 'events that are over, latest first')
    .option('--limit <n>', 'how many', '30')
    .action((o: Who & { past?: boolean; limit: string }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const page = await ctx.services.events.list(actor, { when: o.past ? 'past' : 'upcoming', limit: Math.min(100, Math.max(1, Number(o.limit) || 30)) });
        if (o.json) return console.log(JSON.stringify(page, null, 2));
        for (const e of page.items) console.log(line(e, actor.locale ?? 'en'));
        if (!page.items.length) console.log(o.past ? 'No past events.' : 'No upcoming events.');
      }),
    );

  withWho(
    events
      .command('checkin <event> [guest]')
      .description("check a guest in at the door: by invitation id or by a piece of their name or company; without a guest, list the invitations you may see"),
  )
    .option('--summary <text>', 'what was said, kept with the attendance touch')
    .action((eventArg: string, guestArg: string | undefined, o: Who & { summary?: string }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const eventId = Number(eventArg);
        if (!Number.isSafeInteger(eventId) || eventId <= 0) throw new AppError('NOT_FOUND');
        const all = await ctx.services.events.invitations(actor, eventId, {});
        if (guestArg === undefined) {
          if (o.json) return console.log(JSON.stringify(all, null, 2));
          for (const i of all.items) console.log(guest(i));
          if (all.hidden) console.log(`${all.hidden} more invitation(s) of prospects you may not see.`);
          return;
        }
        const byId = /^\d+$/.test(guestArg) ? all.items.filter((i) => i.id === Number(guestArg)) : [];
        const typed = guestArg.toLowerCase();
        const matches = byId.length ? byId : all.items.filter((i) => i.prospect.name.toLowerCase().includes(typed) || (i.prospect.company ?? '').toLowerCase().includes(typed));
        if (matches.length !== 1) {
          console.error(matches.length ? `${matches.length} guests match; give the invitation id:` : 'No invitation you may see matches.');
          for (const i of matches) console.error(guest(i));
          process.exitCode = 1;
          return;
        }
        const done = await ctx.services.events.checkIn(actor, matches[0]!.id, { ...(o.summary && { summary: o.summary }) }, CLI_META);
        if (o.json) return console.log(JSON.stringify(done, null, 2));
        console.log(`Checked in: ${done.invitation.prospect.name} · attended ${done.event.counts.attended} of ${done.event.counts.total}`);
      }),
    );
}
