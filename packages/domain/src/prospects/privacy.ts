import { z } from 'zod';
import { OrderSummaryView } from '../orders/views.js';
import { InvitationView } from '../events/views.js';
import { ProspectView, TimelineEntryView } from './views.js';

/**
 * Everything Pond holds about one person, for a data-subject request (PIPL art. 45, GDPR art. 15 and 20): the
 * record with its contacts and tags, every touch and field change, the orders and the event invitations, and the
 * same card as vCard 3.0 for taking it elsewhere.
 */
export const PrivacyExportView = z.object({
  exportedAt: z.string(),
  prospect: ProspectView,
  timeline: z.array(TimelineEntryView),
  orders: z.array(OrderSummaryView),
  invitations: z.array(InvitationView),
  vcard: z.string(),
});
export type PrivacyExportView = z.infer<typeof PrivacyExportView>;
