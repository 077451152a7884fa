import { z } from 'zod';
import { PersonView, ProspectSummaryView, ProspectView, TouchView } from '../prospects/views.js';
import { Grade } from '../prospects/enums.js';
import { PoolHideableField } from './rules.js';

/** Where a pool prospect came from and what the viewer may do with it. */
export const PoolInfoView = z.object({
  since: z.string().nullable(),
  formerOwner: PersonView.nullable(),
  /** 'recalled' when Pond took it back, else the reason its owner gave on releasing it. */
  reason: z.string().nullable(),
  /** Fields withheld until it is claimed; their values are sent empty. */
  hidden: z.array(PoolHideableField),
  claim: z.boolean(),
  /** Why a claim would be refused now (limits, the reclaim wait), or null. */
  claimRefusal: z.enum(['POOL_OWNED_LIMIT', 'POOL_DAILY_LIMIT', 'POOL_RECLAIM_WAIT']).nullable(),
  reclaimOn: z.string().nullable(),
  assign: z.boolean(),
});
export type PoolInfoView = z.infer<typeof PoolInfoView>;

export const ClaimAllowanceView = z.object({
  claimsLeftToday: z.number().int(),
  claimsPerDay: z.number().int(),
  ownedRoom: z.number().int(),
  maxOwned: z.number().int(),
  left: z.number().int(),
});
export type ClaimAllowanceView = z.infer<typeof ClaimAllowanceView>;

export const PoolEntryView = ProspectSummaryView.extend({ pool: PoolInfoView });
export type PoolEntryView = z.infer<typeof PoolEntryView>;

export const PoolPageView = z.object({ items: z.array(PoolEntryView), nextCursor: z.string().nullable(), total: z.number().int(), allowance: ClaimAllowanceView });
export type PoolPageView = z.infer<typeof PoolPageView>;

export const PoolDetailView = z.object({ prospect: ProspectView, pool: PoolInfoView, touches: z.array(TouchView), allowance: ClaimAllowanceView });
export type PoolDetailView = z.infer<typeof PoolDetailView>;

/** What a sweep moved (or, dry, would move), by grade. */
export const SweepReportView = z.object({
  asOf: z.string(),
  dryRun: z.boolean(),
  moved: z.number().int(),
  byGrade: z.record(Grade, z.number().int()),
});
export type SweepReportView = z.infer<typeof SweepReportView>;

/** "With these limits, 1,204 prospects would go to the pool tomorrow, 96 of them grade A." */
export const PoolPreviewView = z.object({ asOf: z.string(), total: z.number().int(), byGrade: z.record(Grade, z.number().int()) });
export type PoolPreviewView = z.infer<typeof PoolPreviewView>;

