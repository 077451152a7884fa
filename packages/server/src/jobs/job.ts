import type { z } from 'zod';
import type { SystemActor } from '../platform/actor.js';

/** What a handler is given besides its payload. */
export interface JobContext {
  /** Who does the work: Pond itself, naming this job in history and audit entries. */
  actor: SystemActor;
  key: string;
  /** 1 on the first run; more when an earlier run failed or its worker died. */
  attempt: number;
  /** Aborted when the worker stops or loses the job's lease: a long handler stops at its next step. */
  signal: AbortSignal;
}

/**
 * A kind of background work: a stable type name, a version (bumped when the payload's meaning changes), a zod
 * payload and a handler. Handlers must be idempotent: a run may be cut off at any moment and the job run again.
 */
export interface JobDefinition<P = unknown> {
  type: string;
  version: number;
  payload: z.ZodType<P>;
  /** Runs at most this many times before the job is dead (kept, with its last error, for an admin). */
  maxAttempts?: number;
  handler(payload: P, ctx: JobContext): Promise<void>;
}

/** What enqueueing needs to know of a job: everything but its handler. */
export type JobSpec<P> = Omit<JobDefinition<P>, 'handler'>;

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

/** A definition of any payload, as a runner holds many: the runner parses each payload with its own schema. */
export type AnyJobDefinition = JobDefinition<unknown>;
export const anyJob = <P>(definition: JobDefinition<P>): AnyJobDefinition => definition as unknown as AnyJobDefinition;
