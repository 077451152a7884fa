import { Command } from 'commander';
import { demoCommand } from './commands/demo.js';
import { operationCommands } from './commands/operations.js';
import { prospectCommands } from './commands/prospects.js';
import { userCommands } from './commands/users.js';
import { poolCommands } from './commands/pool.js';
import { ordersCommands } from './commands/orders.js';
import { eventsCommands } from './commands/events.js';
import { coachingCommands } from './commands/coaching.js';

/** `pond`: every command goes through the same services and permissions as the HTTP API. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('pond').description('Pond (魚塘): a CRM for selling by relationship').showHelpAfterError();
  operationCommands(program);
  userCommands(program);
  prospectCommands(program);
  poolCommands(program);
  ordersCommands(program);
  eventsCommands(program);
  coachingCommands(program);
  demoCommand(program);
  await program.parseAsync(argv);
}
