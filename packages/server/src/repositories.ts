import { JobsRepository } from './jobs/jobs.repository.js';
import { AuditRepository } from './modules/audit/audit.repository.js';
import { ApiTokensRepository } from './modules/auth/api-tokens.repository.js';
import { FeedTokensRepository } from './modules/auth/feed-tokens.repository.js';
import { SessionsRepository } from './modules/auth/sessions.repository.js';
import { ThrottleRepository } from './modules/auth/throttle.repository.js';
import { DuplicatesRepository } from './modules/cards/duplicates.repository.js';
import { CoachingRepository } from './modules/coaching/coaching.repository.js';
import { EventsRepository } from './modules/events/events.repository.js';
import { MailRepository } from './modules/mail/mail.repository.js';
import { NewsletterImagesRepository } from './modules/newsletters/newsletter-images.repository.js';
import { NewslettersRepository } from './modules/newsletters/newsletters.repository.js';
import { CatalogueRepository } from './modules/orders/catalogue.repository.js';
import { OrdersRepository } from './modules/orders/orders.repository.js';
import { PoolRepository } from './modules/pool/pool.repository.js';
import { ProspectsRepository } from './modules/prospects/prospects.repository.js';
import { NotificationsRepository } from './modules/reminders/notifications.repository.js';
import { RemindersRepository } from './modules/reminders/reminders.repository.js';
import { SearchRepository } from './modules/search/search.repository.js';
import { SettingsRepository } from './modules/settings/settings.repository.js';
import { SetupRepository } from './modules/setup/setup.repository.js';
import { TeamsRepository } from './modules/teams/teams.repository.js';
import { UsersRepository } from './modules/users/users.repository.js';

/**
 * Every repository, built once. Repositories are Pond's only SQL; each method takes the executor it runs on
 * (the pool or the caller's transaction), so one instance serves every request. Services receive the ones they use.
 */
export function createRepositories() {
  return {
    apiTokens: new ApiTokensRepository(),
    audit: new AuditRepository(),
    catalogue: new CatalogueRepository(),
    coaching: new CoachingRepository(),
    duplicates: new DuplicatesRepository(),
    events: new EventsRepository(),
    feedTokens: new FeedTokensRepository(),
    jobs: new JobsRepository(),
    mail: new MailRepository(),
    newsletterImages: new NewsletterImagesRepository(),
    newsletters: new NewslettersRepository(),
    notifications: new NotificationsRepository(),
    orders: new OrdersRepository(),
    pool: new PoolRepository(),
    prospects: new ProspectsRepository(),
    reminders: new RemindersRepository(),
    search: new SearchRepository(),
    sessions: new SessionsRepository(),
    settings: new SettingsRepository(),
    setup: new SetupRepository(),
    teams: new TeamsRepository(),
    throttle: new ThrottleRepository(),
    users: new UsersRepository(),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
