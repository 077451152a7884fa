import { AuditService } from './modules/audit/audit.service.js';
import { AuthService } from './modules/auth/auth.service.js';
import { SetupService } from './modules/setup/setup.service.js';
import { TeamsService } from './modules/teams/teams.service.js';
import { UsersService } from './modules/users/users.service.js';
import { AgendaService } from './modules/prospects/agenda.service.js';
import { BookService } from './modules/prospects/book.service.js';
import { DuplicatesService } from './modules/cards/duplicates.service.js';
import { ExportService } from './modules/cards/export.service.js';
import { ImportService } from './modules/cards/import.service.js';
import { MergeService } from './modules/cards/merge.service.js';
import { ProspectsService } from './modules/prospects/prospects.service.js';
import { TouchesService } from './modules/prospects/touches.service.js';
import { SettingsService } from './modules/settings/settings.service.js';
import { SearchService } from './modules/search/search.service.js';
import type { CoreDeps } from './platform/deps.js';
import { JobQueue } from './jobs/queue.js';
import { MailService } from './modules/mail/mail.service.js';
import { PoolService } from './modules/pool/pool.service.js';
import { RemindersService } from './modules/reminders/reminders.service.js';
import { CatalogueService } from './modules/orders/catalogue.service.js';
import { OrdersService } from './modules/orders/orders.service.js';
import { EventsService } from './modules/events/events.service.js';
import { PrivacyService } from './modules/privacy/privacy.service.js';
import { NewslettersService } from './modules/newsletters/newsletters.service.js';
import { CoachingService } from './modules/coaching/coaching.service.js';

/** Every service, wired once. The HTTP routes and the CLI both go through these. */
export function createServices(deps: CoreDeps) {
  const jobs = new JobQueue(deps.database, deps.clock);
  const auth = new AuthService(deps);
  const settings = new SettingsService(deps);
  const search = new SearchService(deps);
  const prospects = new ProspectsService(deps, settings, search);
  const duplicates = new DuplicatesService(prospects);
  const book = new BookService(prospects);
  const pool = new PoolService(prospects);
  const agenda = new AgendaService(prospects, pool);
  const mail = new MailService(deps, jobs);
  const touches = new TouchesService(prospects);
  const catalogue = new CatalogueService(deps);
  const orders = new OrdersService(prospects, touches, catalogue);
  const events = new EventsService(prospects, touches, book, mail, auth.links);
  const newsletters = new NewslettersService(prospects, book, mail, auth.links, settings, jobs);
  return {
    coaching: new CoachingService(deps, settings, agenda, jobs, mail),
    newsletters,
    catalogue,
    orders,
    events,
    privacy: new PrivacyService(prospects, touches, orders, events),
    settings,
    search,
    prospects,
    touches,
    book,
    duplicates,
    imports: new ImportService(prospects, duplicates),
    exports: new ExportService(prospects, book),
    merges: new MergeService(prospects),
    agenda,
    reminders: new RemindersService(deps, jobs, prospects, agenda, auth, mail),
    pool,
    auth,
    setup: new SetupService(deps, auth),
    users: new UsersService(deps),
    teams: new TeamsService(deps),
    audit: new AuditService(deps),
    jobs,
    mail,
  };
}

export type Services = ReturnType<typeof createServices>;
