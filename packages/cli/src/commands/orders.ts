import { AppError, formatMoney, OrderStatus, type Locale, type OrderView } from '@pond/domain';
import type { Command } from 'commander';
import { actingUser, dateOption, run, withWho, type Who } from '../context.js';

const date = dateOption;

/** `pond orders …`: the orders the acting user may see, through the same service and visibility as the API. */
export function ordersCommands(program: Command): void {
  const orders = program.command('orders').description('orders (成交): list and show, with amounts per currency');

  withWho(orders.command('list').description('orders you may see, newest first, with the totals per currency'))
    .option('--from <date>', 'filed on or after this day (YYYY-MM-DD)')
    .option('--to <date>', 'filed on or before this day (YYYY-MM-DD)')
    .option('--status <status>', `one of ${OrderStatus.options.join(', ')}`)
    .option('--owner <id>', 'only this owner\'s orders (a user id)')
    .option('--prospect <id>', 'only this prospect\'s orders')
    .option('--limit <n>', 'how many', '50')
    .action((o: Who & { from?: string; to?: string; status?: string; owner?: string; prospect?: string; limit: string }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const locale: Locale = actor.locale ?? 'en';
        const status = o.status === undefined ? undefined : OrderStatus.parse(o.status);
        const from = date(o.from, '--from');
        const to = date(o.to, '--to');
        const page = await ctx.services.orders.list(actor, {
          ...(from && { from }),
          ...(to && { to }),
          ...(status && { status }),
          ...(o.owner && { ownerId: Number(o.owner) }),
          ...(o.prospect && { prospectId: Number(o.prospect) }),
          limit: Math.min(200, Math.max(1, Number(o.limit) || 50)),
        });
        if (o.json) return console.log(JSON.stringify(page, null, 2));
        for (const x of page.items) {
          const day = (x.confirmedAt ?? x.createdAt).slice(0, 10);
          const what = x.firstLine ? `${x.firstLine}${x.lineCount > 1 ? ` +${x.lineCount - 1}` : ''}` : '';
          console.log(`${String(x.id).padStart(6)}  ${day}  ${x.status.padEnd(9)} ${formatMoney(x.total.minor, x.currency, locale).padStart(18)}  ${x.prospect.name}  ${what}  ${x.closedBy ? `closed by ${x.closedBy.name}${x.onBehalf ? ' (on the company\'s behalf)' : ''}` : ''}`);
        }
        for (const t of page.totals) console.log(`${t.currency}: ${t.orders} order(s), ${formatMoney(t.totalMinor, t.currency, locale)}, commission ${formatMoney(t.commissionMinor, t.currency, locale)}`);
        if (!page.items.length) console.log('No orders.');
      }),
    );

  withWho(orders.command('show <id>').description('one order: its lines and, once confirmed, its three gains'))
    .action((id: string, o: Who) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const n = Number(id);
        if (!Number.isSafeInteger(n) || n <= 0) throw new AppError('NOT_FOUND');
        const order: OrderView = await ctx.services.orders.get(actor, n);
        if (o.json) return console.log(JSON.stringify(order, null, 2));
        const locale: Locale = actor.locale ?? 'en';
        const money = (minor: number) => formatMoney(minor, order.currency, locale);
        console.log(`Order ${order.id} · ${order.status} · ${order.prospect.name} (${order.prospect.stage})`);
        console.log(`Owner ${order.owner?.name ?? '—'}${order.closedBy ? ` · closed by ${order.closedBy.name}${order.onBehalf ? " on the company's behalf" : ''}` : ''}`);
        for (const l of order.lines) {
          const discount = l.discount === null ? '' : l.discount.kind === 'amount' ? ` less ${money(l.discount.minor)}` : ` less ${l.discount.basisPoints / 100}%`;
          console.log(`  ${String(l.quantity).padStart(4)} × ${(l.product?.name ?? l.description ?? '').padEnd(28)} ${money(l.unitMinor)}${discount} = ${money(l.amountMinor)}${l.commissionMinor === null ? '' : `  (commission ${money(l.commissionMinor)})`}`);
        }
        console.log(`Total ${money(order.total.minor)} · commission ${money(order.commission.minor)}${order.linesWithoutCommission ? ` (${order.linesWithoutCommission} line(s) under no rule)` : ''}`);
        if (order.gains) {
          console.log(`Three gains: commission ${money(order.gains.commission.minor)} · lessons: ${order.gains.lessons ?? '—'} · relationship ${order.gains.relationshipKept ? 'kept (圓滿)' : 'not kept (及格)'}`);
        }
        if (order.cancelReason) console.log(`Cancelled: ${order.cancelReason}`);
      }),
    );
}
