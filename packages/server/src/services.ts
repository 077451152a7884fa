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
import { ProspectAccess } from './modules/prospects/prospects.access.js';
import { createRepositories, type Repositories } from './repositories.js';
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
import { NewsletterImagesService } from './modules/newsletters/newsletter-images.service.js';
import { NewslettersService } from './modules/newsletters/newsletters.service.js';
import { CoachingService } from './modules/coaching/coaching.service.js';

/**
 * Every service, wired once. The HTTP routes and the CLI both go through these. Repositories are built once too
 * and handed to the services that use them; a benchmark or a test may pass its own.
 */
export function createServices(deps: CoreDeps, repos: Repositories = createRepositories()) {
  const jobs = new JobQueue(deps.database, deps.clock, repos.jobs);
  const auth = new AuthService(repos, deps);
  const settings = new SettingsService(repos, deps);
  const access = new ProspectAccess(repos, async (db) => (await settings.poolPolicy(db)).policy.formerOwnerReads);
  const search = new SearchService(repos, access, deps);
  const prospects = new ProspectsService(repos, deps, access, settings, search);
  const duplicates = new DuplicatesService(repos, deps, access);
  const book = new BookService(repos, deps, access, prospects, search);
  const pool = new PoolService(repos, deps, access, prospects, search, settings);
  const agenda = new AgendaService(repos, deps, pool, settings);
  const mail = new MailService(repos, deps, jobs);
  const touches = new TouchesService(repos, deps, access, prospects, settings);
  const catalogue = new CatalogueService(repos, deps);
  const orders = new OrdersService(repos, deps, access, touches, catalogue, settings);
  const events = new EventsService(repos, deps, access, prospects, touches, book, mail, auth.links);
  const newsletters = new NewslettersService(repos, deps, book, mail, auth.links, settings, jobs);
  const newsletterImages = new NewsletterImagesService(repos, deps, newsletters);
  return {
    coaching: new CoachingService(repos, access, deps, settings, agenda, jobs, mail),
    newsletters,
    newsletterImages,
    catalogue,
    orders,
    events,
    privacy: new PrivacyService(repos, deps, access, prospects, touches, orders, events),
    settings,
    search,
    prospects,
    touches,
    book,
    duplicates,
    imports: new ImportService(repos, deps, access, prospects, duplicates, search),
    exports: new ExportService(repos, deps, access, prospects, book),
    merges: new MergeService(repos, deps, access, prospects, search),
    agenda,
    reminders: new RemindersService(repos, deps, jobs, agenda, auth, mail),
    pool,
    auth,
    setup: new SetupService(repos, deps, auth),
    users: new UsersService(repos, deps),
    teams: new TeamsService(repos, deps),
    audit: new AuditService(repos, deps),
    jobs,
    mail,
  };
}

export type Services = ReturnType<typeof createServices>;
