import type { Migration } from 'kysely/migration';
import * as accounts from './2026-11-26T00-00-accounts.js';
import * as auditLog from './2026-11-26T00-01-audit-log.js';
import * as prospects from './2026-11-26T01-00-prospects.js';
import * as searchTerms from './2026-11-26T02-00-search-terms.js';
import * as agendaIndex from './2026-11-27T00-00-agenda-index.js';
import * as agendaOrder from './2026-11-27T01-00-agenda-order.js';
import * as prospectsVacuum from './2026-11-27T02-00-prospects-vacuum.js';
import * as searchViewerPostings from './2026-11-27T09-00-search-viewer-postings.js';
import * as prospectNameKeys from './2026-11-27T16-00-prospect-name-keys.js';
import * as searchIndex from './2026-11-27T18-00-search-index.js';
import * as searchDocuments from './2026-11-28T00-00-search-documents.js';
import * as jobs from './2026-12-02T00-00-jobs.js';
import * as outbox from './2026-12-02T01-00-outbox.js';
import * as pool from './2026-12-03T00-00-pool.js';
import * as reminders from './2026-12-04T00-00-reminders.js';
import * as orders from './2026-12-05T00-00-orders.js';
import * as events from './2026-12-06T00-00-events.js';
import * as phoneRegion from './2026-12-06T01-00-phone-region.js';
import * as prospectNotes from './2026-12-06T02-00-prospect-notes.js';
import * as newsletters from './2026-12-07T00-00-newsletters.js';
import * as coaching from './2026-12-08T00-00-coaching.js';
import * as auditFilters from './2026-12-09T00-00-audit-filters.js';
import * as newsletterImages from './2026-12-10T00-00-newsletter-images.js';
import * as feedIndex from './2026-12-10T01-00-feed-index.js';
import * as feedIndexOrder from './2026-12-11T00-00-feed-index-order.js';
import * as poolQueueIndex from './2026-12-11T01-00-pool-queue-index.js';
import * as recallWarningIndex from './2026-12-12T00-00-recall-warning-index.js';

/**
 * Every migration, by its frozen timestamped name. Listed statically so a bundled or
 * type-stripped build finds them without scanning the file system.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-26T00-00-accounts': accounts,
  '2026-11-26T00-01-audit-log': auditLog,
  '2026-11-26T01-00-prospects': prospects,
  '2026-11-26T02-00-search-terms': searchTerms,
  '2026-11-27T00-00-agenda-index': agendaIndex,
  '2026-11-27T01-00-agenda-order': agendaOrder,
  '2026-11-27T02-00-prospects-vacuum': prospectsVacuum,
  '2026-11-27T09-00-search-viewer-postings': searchViewerPostings,
  '2026-11-27T16-00-prospect-name-keys': prospectNameKeys,
  '2026-11-27T18-00-search-index': searchIndex,
  '2026-11-28T00-00-search-documents': searchDocuments,
  '2026-12-02T00-00-jobs': jobs,
  '2026-12-02T01-00-outbox': outbox,
  '2026-12-03T00-00-pool': pool,
  '2026-12-04T00-00-reminders': reminders,
  '2026-12-05T00-00-orders': orders,
  '2026-12-06T00-00-events': events,
  '2026-12-06T01-00-phone-region': phoneRegion,
  '2026-12-06T02-00-prospect-notes': prospectNotes,
  '2026-12-07T00-00-newsletters': newsletters,
  '2026-12-08T00-00-coaching': coaching,
  '2026-12-09T00-00-audit-filters': auditFilters,
  '2026-12-10T00-00-newsletter-images': newsletterImages,
  '2026-12-10T01-00-feed-index': feedIndex,
  '2026-12-11T00-00-feed-index-order': feedIndexOrder,
  '2026-12-11T01-00-pool-queue-index': poolQueueIndex,
  '2026-12-12T00-00-recall-warning-index': recallWarningIndex,
};
