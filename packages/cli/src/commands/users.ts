import { Role } from '@pond/domain';
import { CLI_META, CONSOLE } from '@pond/server';
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
      run(async ({ services }) => {
        const role = Role.parse(o.role);
        const password = await passwordFrom(o);
        let teamId: number | null = null;
        if (o.team) {
          const existing = (await services.teams.list(CONSOLE)).find((t) => t.name === o.team);
          teamId = existing?.id ?? (await services.teams.create(CONSOLE, { name: o.team }, CLI_META)).id;
        }
        const created = await services.users.create(CONSOLE, { email: o.email, displayName: o.name, role, password, teamId }, CLI_META);
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
        await services.users.resetPassword(CONSOLE, target.id, await passwordFrom(o), CLI_META);
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
        await services.users.update(CONSOLE, target.id, undefined, { active: false }, CLI_META);
        console.log(`Deactivated ${target.email}.`);
      }),
    );

  user
    .command('list')
    .description('list users')
    .action(() =>
      run(async ({ services }) => {
        const users = (await services.users.list(CONSOLE)).sort((a, b) => a.id - b.id);
        for (const u of users) console.log(`${u.id}\t${u.email}\t${u.displayName}\t${u.role}${u.active ? '' : '\t(inactive)'}`);
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
