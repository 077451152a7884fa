import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AppError,
  CHANNELS,
  CreateProspectInput,
  DISPOSITIONS,
  EXPECTED_CLOSES,
  EXPORT_COLUMNS,
  ExportColumnList,
  GRADES,
  IMPORTANCES,
  Locale,
  LogTouchInput,
  STAGES,
  decodeCardBytes,
  prospectLabel,
} from '@pond/domain';
import { CLI_META, ListFilterQuery } from '@pond/server';
import type { Command } from 'commander';
import { actingUser, run, withWho, type Who } from '../context.js';

interface ExportOptions {
  out?: string;
  format: string;
  grade?: string;
  importance?: string;
  expectedClose?: string;
  disposition?: string;
  stage?: string;
  owner?: string;
  pool?: boolean;
  tag?: string;
  touchedOnce?: boolean;
  due?: string;
  q?: string;
  archived?: boolean;
  locale?: string;
  columns?: string;
}

function locale(): Locale {
  const lang = (process.env.LC_ALL ?? process.env.LANG ?? '').toLowerCase();
  if (lang.startsWith('zh_tw') || lang.startsWith('zh_hk')) return 'zh-Hant';
  if (lang.startsWith('zh')) return 'zh-Hans';
  return 'en';
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));

export function prospectCommands(program: Command): void {
  const prospects = program.command('prospects').description('the prospect book');

  withWho(prospects.command('list').description('list visible prospects'))
    .option('--grade <grades>', 'comma-separated grades, e.g. A,B')
    .option('--due <bucket>', 'overdue | today | this_week | next_week | no_next_date')
    .option('--touched-once', 'only prospects touched exactly once')
    .option('--q <text>', 'free text')
    .option('--limit <n>', 'how many', '50')
    .action((o: Who & { grade?: string; due?: string; touchedOnce?: boolean; q?: string; limit: string }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const page = await ctx.services.book.list(actor, {
          grade: o.grade?.split(','),
          due: o.due as never,
          touchedOnce: o.touchedOnce,
          q: o.q,
          sort: 'nextDueOn',
          order: 'asc',
          limit: Number(o.limit),
        });
        if (o.json) return console.log(JSON.stringify(page, null, 2));
        for (const p of page.items) {
          console.log(`${String(p.id).padStart(6)}  ${p.grade.padEnd(7)} ${pad(p.name, 16)} ${pad(p.company ?? '', 24)} ${p.nextDueOn ?? '—'}  ${p.owner?.name ?? ''}`);
        }
      }),
    );

  withWho(prospects.command('show <id>').description('a prospect with its latest touches')).action((id: string, o: Who) =>
    run(async (ctx) => {
      const actor = await actingUser(ctx, o);
      const { prospect, touches } = await ctx.services.prospects.get(actor, Number(id));
      if (o.json) return console.log(JSON.stringify({ prospect, touches }, null, 2));
      const l = locale();
      console.log(`${prospect.name}${prospect.company ? ` — ${prospect.company}` : ''}`);
      console.log(`${prospectLabel('grade', prospect.grade, l)} · ${prospectLabel('disposition', prospect.disposition, l)} · ${prospectLabel('stage', prospect.stage, l)}`);
      console.log(`${[...prospect.phones, ...prospect.emails].join('  ')}`);
      console.log(`next: ${prospect.nextDueOn ?? '—'} (every ${prospect.effectiveIntervalDays} days)`);
      for (const t of touches) {
        console.log(`  ${t.at.slice(0, 16).replace('T', ' ')}  ${prospectLabel('channel', t.channel, l)}  ${prospectLabel('outcome', t.outcome, l)}  ${t.summary ?? ''}${t.feedback ? ` «${t.feedback}»` : ''}`);
      }
    }),
  );

  withWho(prospects.command('add').description('create a prospect (a name, one phone or email, and a grade are enough)'))
    .requiredOption('--name <name>')
    .option('--phone <phone>')
    .option('--email <email>')
    .option('--company <company>')
    .option('--grade <grade>', GRADES.join(' | '), 'unrated')
    .option('--source <source>', 'walk_in | referral | card | event | import | web | other')
    .action((o: Who & { name: string; phone?: string; email?: string; company?: string; grade: string; source?: string }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const input = CreateProspectInput.parse({
          name: o.name,
          phones: o.phone ? [o.phone] : [],
          emails: o.email ? [o.email] : [],
          company: o.company,
          grade: o.grade,
          ...(o.source && { source: o.source }),
        });
        const created = await ctx.services.prospects.create(actor, input, CLI_META);
        console.log(o.json ? JSON.stringify(created, null, 2) : `Created prospect ${created.id}: ${created.name}`);
      }),
    );

  withWho(prospects.command('import <file>').description('import business cards (CSV: Pond, Google Contacts, Outlook; vCard 2.1/3.0/4.0) as your prospects'))
    .option('--format <format>', 'csv | vcard (read from the file when absent)')
    .option('--encoding <encoding>', 'for files that are not UTF-8: gb18030 or big5 (found from the content when absent)')
    .option('--grade <grade>', `for cards without one: ${GRADES.join(' | ')}`, 'unrated')
    .option('--tag <tags>', 'comma-separated tags for every imported prospect, e.g. the event')
    .option('--dry-run', 'check and report only; write nothing')
    .option('--enrich', 'a card matching a prospect you may edit adds what it brings that the prospect lacks (phones, e-mails, WeChat ID, title, company, notes)')
    .option('--columns <mapping>', "what a CSV's own headers hold, e.g. 客戶=name,行動=phone,分級=ignore (fields: name, given, family, company, title, phone, email, wechat, address, notes, tags, grade, …)")
    .action((file: string, o: Who & { format?: string; encoding?: string; grade: string; tag?: string; dryRun?: boolean; columns?: string; enrich?: boolean }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const content = decodeCardBytes(await readFile(file), o.encoding === 'big5' || o.encoding === 'gb18030' ? o.encoding : 'auto');
        const l = locale();
        const report = await ctx.services.imports.importCards(
          actor,
          { content, ...(o.format && { format: o.format as 'csv' }), grade: o.grade as 'A', tags: o.tag?.split(',') ?? [], dryRun: Boolean(o.dryRun), ...(o.columns && { columns: columnMapping(o.columns) }), ...(o.enrich && { enrich: 'all' as const }) },
          CLI_META,
          l,
          // On a terminal, the cards written so far on one line; a pipe or a file gets the report only.
          process.stderr.isTTY ? (done, total) => process.stderr.write(`\r  ${done} / ${total} cards done`) : undefined,
        );
        if (process.stderr.isTTY && !o.dryRun) process.stderr.write('\n');
        if (o.json) return console.log(JSON.stringify(report, null, 2));
        for (const d of report.duplicates) {
          const where = d.inFileLine !== null ? `line ${d.inFileLine}` : d.existing ? `#${d.existing.id} ${d.existing.name}` : 'already in Pond';
          const adds = d.adds ? `; ${d.enriched ? 'added' : report.dryRun && o.enrich ? 'would add' : 'brings (use --enrich)'}: ${addsText(d.adds)}` : '';
          console.log(`  line ${d.line}: ${d.name} — duplicate (${d.contact}: ${where})${adds}`);
        }
        for (const r of report.rejected) console.log(`  line ${r.line}: ${r.name || '—'} — ${r.problems.map((p) => p.message).join(' ')}`);
        for (const s of report.skipped) console.log(`  line ${s.line}: ${s.name || '—'} — skipped: ${s.message}`);
        for (const w of report.warnings) console.log(`  line ${w.line}: ${w.name} — ${w.warnings.map((x) => x.message).join(' ')}`);
        for (const p of report.possibleDuplicates) {
          const more = p.existingCount - p.existing.length;
          const same = [...(p.inFileLine !== null ? [`line ${p.inFileLine}`] : []), ...p.existing.map((e) => `#${e.id} ${e.name}`), ...(more > 0 ? [`${more} more`] : [])];
          console.log(`  line ${p.line}: ${p.name}${p.id !== null ? ` (#${p.id})` : ''} — ${report.dryRun ? 'would be created' : 'created'}; same name as ${same.join(', ')}`);
        }
        const { checkMs, insertMs, indexMs } = report.timings;
        console.log(
          `${report.dryRun ? 'Dry run: would create' : 'Created'} ${report.created || (report.dryRun ? report.cards - report.duplicates.length - report.rejected.length - report.skipped.length : 0)} of ${report.cards} cards ` +
            `(${report.duplicates.length} duplicates, ${report.rejected.length} refused${report.skipped.length ? `, ${report.skipped.length} skipped` : ''}) in ${((checkMs + insertMs + indexMs) / 1000).toFixed(1)} s ` +
            `(checks ${(checkMs / 1000).toFixed(1)}, records ${(insertMs / 1000).toFixed(1)}, search index ${(indexMs / 1000).toFixed(1)}).`,
        );
      }),
    );

  withWho(prospects.command('export').description("write the prospects your list shows as CSV (Pond's columns; cells a spreadsheet could run are neutralised); `prospects import` reads it back"))
    .option('--out <file>', 'write the file here (default: standard output)')
    .option('--format <format>', 'csv (Pond\'s columns), xlsx (the same columns as an Excel workbook) or vcard (vCard 3.0, for a phone\'s address book)', 'csv')
    .option('--columns <keys>', `comma-separated columns, in the order wanted (default: all; csv and xlsx): ${EXPORT_COLUMNS.join(',')}`)
    .option('--grade <grades>', 'comma-separated grades, e.g. A,B')
    .option('--importance <values>', `comma-separated: ${IMPORTANCES.join(' | ')}`)
    .option('--expected-close <values>', `comma-separated: ${EXPECTED_CLOSES.join(' | ')}`)
    .option('--disposition <values>', `comma-separated: ${DISPOSITIONS.join(' | ')}`)
    .option('--stage <values>', `comma-separated: ${STAGES.join(' | ')}`)
    .option('--owner <ids>', 'comma-separated user ids')
    .option('--pool', 'only prospects without an owner')
    .option('--tag <tag>', 'only prospects with this tag')
    .option('--touched-once', 'only prospects touched exactly once')
    .option('--due <bucket>', 'overdue | today | this_week | next_week | touched_once | no_next_date')
    .option('--q <text>', 'free text')
    .option('--archived', 'archived prospects instead of live ones')
    .option('--locale <locale>', "the header row's language: zh-Hant | zh-Hans | en (default: the user's, else the terminal's)")
    .action((o: Who & ExportOptions) =>
      run(async (ctx) => {
        // Checked before anything is read or written: bad input changes nothing and leaves no file.
        const filters = ListFilterQuery.safeParse({
          grade: o.grade,
          importance: o.importance,
          expectedClose: o.expectedClose,
          disposition: o.disposition,
          stage: o.stage,
          ownerId: o.owner,
          pool: o.pool ? 'true' : undefined,
          tag: o.tag,
          touchedOnce: o.touchedOnce ? 'true' : undefined,
          due: o.due,
          q: o.q,
          archived: o.archived ? 'true' : undefined,
        });
        const lang = o.locale === undefined ? undefined : Locale.safeParse(o.locale);
        const columns = o.columns === undefined ? undefined : ExportColumnList.safeParse(o.columns);
        const details = [
          ...(filters.error?.issues ?? []),
          ...(lang?.error?.issues.map((i) => ({ ...i, path: ['locale'] })) ?? []),
          ...(columns?.error?.issues.map((i) => ({ ...i, path: ['columns'] })) ?? []),
        ].map((i) => ({ path: i.path.map(String), message: i.message }));
        if (o.format !== 'csv' && o.format !== 'vcard' && o.format !== 'xlsx') details.push({ path: ['format'], message: 'csv, xlsx or vcard' });
        if (!filters.success || details.length) throw new AppError('VALIDATION_FAILED', { details });
        const actor = await actingUser(ctx, o);
        const l = lang?.data ?? actor.locale ?? locale();
        const file =
          o.format === 'vcard' ? await ctx.services.exports.vcard(actor, filters.data, CLI_META)
          : o.format === 'xlsx' ? await ctx.services.exports.xlsx(actor, filters.data, CLI_META, l, columns?.data)
          : await ctx.services.exports.csv(actor, filters.data, CLI_META, l, columns?.data);
        if (!o.out) {
          for await (const piece of file.chunks) if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
          return;
        }
        // Written aside and renamed when complete, so a failed export never leaves half a file under the name asked for.
        const partial = `${o.out}.partial`;
        try {
          await pipeline(Readable.from(file.chunks, { objectMode: false }), createWriteStream(partial));
          await rename(partial, o.out);
        } catch (err) {
          await rm(partial, { force: true });
          throw err;
        }
        console.log(o.json ? JSON.stringify({ file: o.out, rows: file.rows }) : `Exported ${file.rows} prospects to ${o.out}.`);
      }),
    );

  withWho(prospects.command('merge <keepId> <fromId>').description('merge the record <fromId> into <keepId>: touches, history, contacts, tags and links come along'))
    .action((keepId: string, fromId: string, o: Who) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        // The terminal shows the record it merges into; the version read here guards against a change meanwhile.
        const { prospect } = await ctx.services.prospects.get(actor, Number(keepId));
        const merged = await ctx.services.merges.merge(actor, prospect.id, prospect.version, Number(fromId), CLI_META);
        console.log(o.json ? JSON.stringify(merged, null, 2) : `Merged ${fromId} into ${merged.id}: ${merged.name}, ${merged.touchCount} touches.`);
      }),
    );

  const search = program.command('search').description('find prospects; rebuild the search index');
  search
    .command('reindex')
    .description('rebuild the search index from the prospects (safe while Pond runs)')
    .action(() =>
      run(async (ctx) => {
        const started = Date.now();
        const { prospects, tokens, nameKeys } = await ctx.services.search.rebuild((done) => {
          if (done % 10_000 === 0) console.log(`  ${done} prospects…`);
        });
        console.log(`Reindexed ${prospects} prospects (${tokens} index tokens${nameKeys ? `, ${nameKeys} name keys written` : ''}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }),
    );
  withWho(search.command('find <query>').description('search visible prospects by any fragment, pinyin or phone digits')).action((query: string, o: Who) =>
    run(async (ctx) => {
      const actor = await actingUser(ctx, o);
      const result = await ctx.services.search.search(actor, query, 20);
      if (o.json) return console.log(JSON.stringify(result, null, 2));
      for (const { prospect: p, matches } of result.items) {
        console.log(`${String(p.id).padStart(6)}  ${pad(p.name, 14)} ${pad(p.company ?? '', 24)} ${matches.map((m) => m.field).join(',')}`);
      }
      console.log(`${result.total} found${result.truncated ? ' (first candidates only)' : ''}`);
    }),
  );

  const touch = program.command('touch').description('touches');
  withWho(touch.command('add <prospectId>').description("log a touch; resets the prospect's clock"))
    .option('--channel <channel>', CHANNELS.join(' | '), 'call')
    .option('--summary <text>')
    .option('--feedback <text>', "the prospect's own words")
    .option('--sale', 'a sale was made')
    .option('--lost', 'the relationship was not kept')
    .option('--next <date>', 'explicit next contact date (YYYY-MM-DD)')
    .action((prospectId: string, o: Who & { channel: string; summary?: string; feedback?: string; sale?: boolean; lost?: boolean; next?: string }) =>
      run(async (ctx) => {
        const actor = await actingUser(ctx, o);
        const input = LogTouchInput.parse({
          channel: o.channel,
          summary: o.summary,
          feedback: o.feedback,
          saleMade: Boolean(o.sale),
          relationshipKept: !o.lost,
          ...(o.next && { nextContactOn: o.next }),
        });
        const result = await ctx.services.touches.log(actor, Number(prospectId), input, CLI_META);
        console.log(o.json ? JSON.stringify(result, null, 2) : `Logged ${result.touch.kind}; next contact due ${result.prospect.nextDueOn ?? '—'}.`);
      }),
    );

  withWho(program.command('today').description('the agenda: whom to contact today and why')).option('--limit <n>', 'rows per section', '20').action((o: Who & { limit: string }) =>
    run(async (ctx) => {
      const actor = await actingUser(ctx, o);
      const agenda = await ctx.services.agenda.today(actor, Number(o.limit));
      if (o.json) return console.log(JSON.stringify(agenda, null, 2));
      const l = locale();
      console.log(`${agenda.today} (${agenda.timeZone})`);
      for (const [bucket, section] of Object.entries(agenda.buckets)) {
        if (!section.count) continue;
        console.log(`\n${prospectLabel('agendaBucket', bucket as never, l)} (${section.count})`);
        for (const { prospect: p, reason: r, lastTouch } of section.items) {
          const why = [
            r.daysSinceLastTouch !== null ? `${r.daysSinceLastTouch}d since last touch` : 'never touched',
            `every ${r.intervalDays}d`,
            lastTouch?.feedback ? `«${lastTouch.feedback}»` : '',
          ].filter(Boolean).join(' · ');
          console.log(`  ${String(p.id).padStart(6)} ${p.grade.padEnd(7)} ${pad(p.name, 14)} ${p.nextDueOn ?? '—'}  ${why}`);
        }
      }
    }),
  );
}

/** `客戶=name,行動=phone` as the import's column mapping; the import's own schema refuses a field it does not know. */
function columnMapping(text: string): Record<string, never> {
  return Object.fromEntries(
    text
      .split(',')
      .map((pair) => pair.split('='))
      .filter((parts) => parts.length >= 2)
      .map((parts) => [parts.slice(0, -1).join('=').trim(), parts.at(-1)!.trim()]),
  ) as Record<string, never>;
}

/** What a card would add to the prospect it matches, in a line. */
function addsText(a: { phones: string[]; emails: string[]; wechatId: string | null; title: string | null; company: string | null; notes: string | null }): string {
  return [...a.phones, ...a.emails, ...(a.wechatId ? [`WeChat ${a.wechatId}`] : []), ...(a.title ? [`title ${a.title}`] : []), ...(a.company ? [`company ${a.company}`] : []), ...(a.notes ? ['notes'] : [])].join(', ');
}
