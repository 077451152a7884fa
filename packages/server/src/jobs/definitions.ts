import { z } from 'zod';
import type { CoreDeps } from '../platform/deps.js';
import type { Services } from '../services.js';
import { anyJob, defineJob } from './job.js';
import { MAIL_SEND } from '../modules/mail/mail.job.js';
import { probeJob } from './probe.js';
import { DIGEST_SEND } from '../modules/reminders/reminders.jobs.js';
import { NEWSLETTER_SEND } from '../modules/newsletters/newsletters.jobs.js';
import { COACHING_DIGEST } from '../modules/coaching/coaching.jobs.js';
import { anySchedule } from './scheduler.js';

/** Every kind of background work Pond does, and the schedules that start the recurring ones. */
export function jobDefinitions(services: Services, deps: CoreDeps) {
  const sessionPurge = defineJob({
    type: 'sessions.purge',
    version: 1,
    payload: z.object({}),
    handler: async () => {
      await services.auth.purgeExpiredSessions();
    },
  });

  // Records written before name keys existed get theirs: the duplicate hints they feed can wait a moment.
  // Nothing to do costs one indexed probe; a run cut off resumes where the keys stop.
  const nameKeys = defineJob({
    type: 'prospects.fill-name-keys',
    version: 1,
    payload: z.object({}),
    handler: async (_payload, ctx) => {
      await services.duplicates.fillNameKeys(ctx.signal);
    },
  });

  const probe = probeJob(services.audit);

  const mailSend = defineJob({
    ...MAIL_SEND,
    handler: async (payload, ctx) => services.mail.deliver(payload.outboxId, { attempt: ctx.attempt, maxAttempts: MAIL_SEND.maxAttempts! }),
  });

  // 回收: the day's recall to the pool. Batched and resumable: a run cut off moves the rest when retried.
  const poolSweep = defineJob({
    type: 'pool.sweep',
    version: 1,
    payload: z.object({}),
    handler: async (_payload, ctx) => {
      await services.pool.sweep(ctx.actor, { signal: ctx.signal });
    },
  });

  // Whose morning has come: each user's day job, keyed by user and local day, so planning twice plans nothing more.
  const digestPlan = defineJob({
    type: 'reminders.plan',
    version: 1,
    payload: z.object({}),
    handler: async () => {
      await services.reminders.planDigests();
    },
  });

  const digestSend = defineJob({
    ...DIGEST_SEND,
    handler: async (payload, ctx) => {
      await services.reminders.sendDigest(payload.userId, payload.day, ctx.actor);
    },
  });

  const noticePurge = defineJob({
    type: 'notifications.purge',
    version: 1,
    payload: z.object({}),
    handler: async () => {
      await services.reminders.purgeNotifications();
    },
  });

  // One lane of an issue's sending, a step at a time; each step queues the next under its own key.
  const newsletterSend = defineJob({
    ...NEWSLETTER_SEND,
    handler: async (payload, ctx) => {
      await services.newsletters.sendLane(payload, ctx);
    },
  });

  const windowPurge = defineJob({
    type: 'newsletter.windows-purge',
    version: 1,
    payload: z.object({}),
    handler: async () => {
      await services.newsletters.purgeWindows();
    },
  });

  // Monday mornings, each manager's week in coaching: planned like the morning mail, one job per manager and Monday.
  const coachingPlan = defineJob({
    type: 'coaching.plan',
    version: 1,
    payload: z.object({}),
    handler: async () => {
      await services.coaching.planDigests();
    },
  });

  const coachingDigest = defineJob({
    ...COACHING_DIGEST,
    handler: async (payload) => {
      await services.coaching.sendDigest(payload.managerId, payload.monday);
    },
  });

  // The queue keeps what it did for a week (an admin's look at recent work), then lets it go.
  const jobsPurge = defineJob({
    type: 'jobs.purge',
    version: 1,
    payload: z.object({}),
    handler: async () => {
      await services.jobs.purgeFinished(7);
    },
  });

  const definitions = [anyJob(jobsPurge), anyJob(sessionPurge), anyJob(nameKeys), anyJob(probe), anyJob(mailSend), anyJob(poolSweep), anyJob(digestPlan), anyJob(digestSend), anyJob(noticePurge), anyJob(newsletterSend), anyJob(windowPurge), anyJob(coachingPlan), anyJob(coachingDigest)];
  const schedules = [
    anySchedule({ name: 'session purge', pattern: '*/15 * * * *', job: sessionPurge, payload: () => ({}) }),
    anySchedule({ name: 'name keys', pattern: '17 3 * * *', job: nameKeys, payload: () => ({}) }),
    // Early in the installation's morning, before anyone opens Today.
    anySchedule({ name: 'morning mail planner', pattern: '*/5 * * * *', job: digestPlan, payload: () => ({}) }),
    anySchedule({ name: 'coaching mail planner', pattern: '*/15 * * * *', job: coachingPlan, payload: () => ({}) }),
    anySchedule({ name: 'jobs purge', pattern: '47 3 * * *', job: jobsPurge, payload: () => ({}) }),
    anySchedule({ name: 'notice purge', pattern: '41 3 * * *', job: noticePurge, payload: () => ({}) }),
    anySchedule({ name: 'send window purge', pattern: '23 4 * * *', job: windowPurge, payload: () => ({}) }),
    anySchedule({ name: 'pool sweep', pattern: '5 2 * * *', timezone: deps.config.defaultTimeZone, job: poolSweep, payload: () => ({}) }),
  ];
  return { definitions, schedules, jobs: { jobsPurge, sessionPurge, nameKeys, probe, mailSend, poolSweep, digestPlan, digestSend, noticePurge, newsletterSend, windowPurge, coachingPlan, coachingDigest } };
}

export type JobCatalogue = ReturnType<typeof jobDefinitions>;
