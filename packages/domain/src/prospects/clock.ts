import { addDays, instantMs, localDateOf } from './dates.js';
import type { CalendarDate, Instant } from './dates.js';
import type { Disposition, Grade, Importance, TouchKind } from './enums.js';
import { effectiveIntervalDays } from './interval-policy.js';
import type { IntervalPolicy } from './interval-policy.js';

/** The part of a prospect the follow-up clock reads. */
export interface ClockProspect {
  grade: Grade;
  importance: Importance;
  disposition: Disposition;
  /** Set while paused: the day to contact them again. */
  resumeOn: CalendarDate | null;
  /** Per-prospect override of the revisit interval; null follows the policy. */
  intervalDays: number | null;
  /** The latest touch by anyone; newsletters are not touches and never move this. */
  lastTouchAt: Instant | null;
  /** The explicit next date given with the latest touch; cleared by a disposition change. */
  explicitNextOn: CalendarDate | null;
}

/** The touch being logged, as far as the clock cares. */
export interface ClockTouch {
  at: Instant;
  nextContactOn?: CalendarDate | null;
}

/** Settings the clock needs: the policy table and the time zone whose calendar days count (the owner's). */
export interface ClockContext {
  policy: IntervalPolicy;
  timeZone: string;
}

/** The clock fields to store on the prospect after logging a touch. */
export interface ClockAfterTouch {
  lastTouchAt: Instant;
  explicitNextOn: CalendarDate | null;
  nextDueOn: CalendarDate | null;
}

/**
 * Folds a touch into the clock state. A touch dated before the latest one (logged late) does not move
 * `lastTouchAt` back, and keeps the latest touch's explicit date unless it brings its own.
 */
export function withTouch(prospect: ClockProspect, touch: ClockTouch): ClockProspect {
  const isLatest = prospect.lastTouchAt === null || instantMs(touch.at) >= instantMs(prospect.lastTouchAt);
  return {
    ...prospect,
    lastTouchAt: isLatest ? touch.at : prospect.lastTouchAt,
    explicitNextOn: touch.nextContactOn ?? (isLatest ? null : prospect.explicitNextOn),
  };
}

/**
 * When the next contact is due, as a calendar date in the context's time zone, or null when the prospect
 * is off the dated agenda. With a touch, the touch is folded in first: logging a touch always resets the clock.
 * Rules, first match wins:
 * 1. dropped → null (off the agenda; the record and its history stay);
 * 2. an explicit next date from the latest touch → that date;
 * 3. paused, and not touched on or after the resume date → the resume date;
 * 4. never touched → null (shows under "no next date");
 * 5. otherwise the latest touch's calendar day + the effective interval; for "keep" that is the
 *    policy's longest interval unless overridden, so a kept prospect always comes back.
 */
export function nextDueOn(prospect: ClockProspect, context: ClockContext, touch?: ClockTouch): CalendarDate | null {
  const state = touch ? withTouch(prospect, touch) : prospect;
  if (state.disposition === 'dropped') return null;
  if (state.explicitNextOn !== null) return state.explicitNextOn;
  const lastDay = state.lastTouchAt === null ? null : localDateOf(state.lastTouchAt, context.timeZone);
  // A pause that has run its course (touched on or after the resume day) falls back to the normal cadence.
  if (state.disposition === 'pause' && state.resumeOn !== null && (lastDay === null || lastDay < state.resumeOn)) {
    return state.resumeOn;
  }
  if (lastDay === null) return null;
  return addDays(lastDay, effectiveIntervalDays(state, context.policy));
}

/** Logs a touch against the clock: the fields to store, with the recomputed due date. */
export function applyTouch(prospect: ClockProspect, touch: ClockTouch, context: ClockContext): ClockAfterTouch {
  const state = withTouch(prospect, touch);
  return {
    lastTouchAt: state.lastTouchAt ?? touch.at,
    explicitNextOn: state.explicitNextOn,
    nextDueOn: nextDueOn(state, context),
  };
}

/** A disposition change as the clock sees it; validated input from `DispositionChangeInput` fits. */
export type ClockDispositionChange =
  | { disposition: 'continue' | 'keep' }
  | { disposition: 'pause'; resumeOn: CalendarDate }
  | { disposition: 'dropped'; reason: string };

/** The fields to store after a disposition change. */
export interface ClockAfterDisposition {
  disposition: Disposition;
  resumeOn: CalendarDate | null;
  droppedReason: string | null;
  explicitNextOn: null;
  nextDueOn: CalendarDate | null;
}

/**
 * Applies a disposition change. It clears any explicit date from the last touch, because the new
 * decision is the newer intent: pausing sets the due date to the resume date even if a touch had
 * promised an earlier call.
 */
export function applyDisposition(
  prospect: ClockProspect,
  change: ClockDispositionChange,
  context: ClockContext,
): ClockAfterDisposition {
  const resumeOn = change.disposition === 'pause' ? change.resumeOn : null;
  const state: ClockProspect = { ...prospect, disposition: change.disposition, resumeOn, explicitNextOn: null };
  return {
    disposition: change.disposition,
    resumeOn,
    droppedReason: change.disposition === 'dropped' ? change.reason : null,
    explicitNextOn: null,
    nextDueOn: nextDueOn(state, context),
  };
}

/**
 * First contact or revisit for a touch at `at`, given the instants of the prospect's other touches by
 * anyone (the logger, the owner, colleagues). Any other touch at or before `at` makes it a revisit;
 * a tie counts as earlier so two touches never both claim to be first.
 */
export function touchKindOf(at: Instant, otherTouchAts: readonly Instant[]): TouchKind {
  const t = instantMs(at);
  return otherTouchAts.some((o) => instantMs(o) <= t) ? 'revisit' : 'first_contact';
}

/**
 * Classifies a prospect's whole touch history at once, as coaching reports do: the chronologically first
 * touch is the first contact (earliest listed wins a tie), all others are revisits. A touch logged late
 * with an earlier date takes over as the first contact. Returns kinds aligned with the input order.
 */
export function classifyTouches(touches: readonly { at: Instant }[]): TouchKind[] {
  let first = -1;
  let firstMs = Infinity;
  touches.forEach((touch, index) => {
    const ms = instantMs(touch.at);
    if (ms < firstMs) [first, firstMs] = [index, ms];
  });
  return touches.map((_, index) => (index === first ? 'first_contact' : 'revisit'));
}
