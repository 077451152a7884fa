import { Role } from '@pond/domain';
import { CLI_META } from '@pond/server';
import type { Command } from 'commander';
import { readStdin, run } from '../context.js';

async function passwordFrom(options: { passwordStdin?: boolean }): Promise<string> {
  if (options.passwordStdin) return readStdin();
  const fromEnv = process.env.POND_NEW_PASSWORD;
  if (fromEnv) return fromEnv;
  throw new Error('Give the password on standard input with --password-stdin (or in POND_NEW_PASSWORD).');
}

export function userCommands(program: Command): void {
  const user = program.command('user').description('manage user accounts');

  user
    .command('add')
    .description('create a user; with --role admin on an empty database this creates the first admin')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .option('--role <role>', 'salesperson | manager | admin', 'salesperson')
    .option('--team <name>', 'team to join (created if missing)')
    .option('--password-stdin', 'read the password from standard input')
    .action((o: { email: string; name: string; role: string; team?: string; passwordStdin?: boolean }) =>
      run(async ({ services, database }) => {
        const role = Role.parse(o.role);
        const password = await passwordFrom(o);
        let teamId: number | null = null;
        if (o.team) {
          const existing = await database.db.selectFrom('teams').select('id').where('name', '=', o.team).executeTakeFirst();
          teamId = existing?.id ?? (await services.teams.create(null, { name: o.team }, CLI_META)).id;
        }
        const created = await services.users.create(null, { email: o.email, displayName: o.name, role, password, teamId }, CLI_META);
        console.log(`Created ${created.role} ${created.email} (id ${created.id}).`);
      }),
    );

  user
    .command('reset-password')
    .description("set a user's password and end all of their sessions")
    .requiredOption('--email <email>')
    .option('--password-stdin', 'read the password from standard input')
    .action((o: { email: string; passwordStdin?: boolean }) =>
      run(async ({ services }) => {
        const target = await services.users.findByEmail(o.email);
        if (!target) throw new Error(`No user with email ${o.email}.`);
        await services.users.resetPassword(null, target.id, await passwordFrom(o), CLI_META);
        console.log(`Password reset for ${target.email}; their sessions have ended.`);
      }),
    );

  user
    .command('deactivate')
    .description('deactivate a user; their sessions end at once')
    .requiredOption('--email <email>')
    .action((o: { email: string }) =>
      run(async ({ services }) => {
        const target = await services.users.findByEmail(o.email);
        if (!target) throw new Error(`No user with email ${o.email}.`);
        await services.users.update(null, target.id, undefined, { active: false }, CLI_META);
        console.log(`Deactivated ${target.email}.`);
      }),
    );

  user
    .command('list')
    .description('list users')
    .action(() =>
      run(async ({ database }) => {
        const rows = await database.db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'active']).orderBy('id').execute();
        for (const r of rows) console.log(`${r.id}\t${r.email}\t${r.display_name}\t${r.role}${r.active ? '' : '\t(inactive)'}`);
      }),
    );

  program
    .command('setup-link')
    .description('print a fresh one-time link that creates the first admin (only while there are no users)')
    .action(() =>
      run(async ({ services }) => {
        const link = await services.setup.issueLink();
        if (!link) throw new Error('Pond already has users; sign in instead.');
        console.log(`${link.url}\n(valid until ${link.expiresAt})`);
      }),
    );
}
