import { AuditService } from '../modules/audit/audit.service.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { SetupService } from '../modules/setup/setup.service.js';
import { TeamsService } from '../modules/teams/teams.service.js';
import { UsersService } from '../modules/users/users.service.js';
import type { CoreDeps } from './deps.js';

/** Every service, wired once. The HTTP routes and the CLI both go through these. */
export function createServices(deps: CoreDeps) {
  const auth = new AuthService(deps);
  return {
    auth,
    setup: new SetupService(deps, auth),
    users: new UsersService(deps),
    teams: new TeamsService(deps),
    audit: new AuditService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
