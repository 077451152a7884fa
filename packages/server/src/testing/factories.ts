import { randomBytes } from 'node:crypto';
import type { CreateProspectInput, LogTouchInput, ProspectView, Role, TouchView, UpdateMeInput } from '@pond/domain';
import type { LightMyRequestResponse } from 'fastify';
import type { z } from 'zod';
import { CLI_META, CONSOLE } from '../platform/actor.js';
import { PASSWORD, type TestApp } from './test-app.js';

/*
 * Small builders for what route tests set up again and again: people, a team, prospects and their touches.
 * Each goes through the app's own services or HTTP routes, the way a test would by hand.
 */

/** Config overrides that keep sessions alive while a test moves its clock weeks or months ahead. */
export const LONG_SESSIONS = { POND_SESSION_IDLE_MINUTES: '43200', POND_SESSION_ABSOLUTE_HOURS: '2160' } as const;

/** The request metadata of work done outside any request. */
const NO_REQUEST = { ip: null, userAgent: null };

const RUN = randomBytes(3).toString('hex');
let counter = 0;

/** A string no other call in this process returns, for emails, names and team names that must not collide. */
export function unique(): string {
  counter += 1;
  return `${RUN}${counter}`;
}

/** A Taiwanese mobile in international form, so it reads the same in any phone region; different on every call. */
export function uniquePhone(): string {
  counter += 1;
  return `+88697${String(counter % 10_000_000).padStart(7, '0')}`;
}

function expectStatus(res: LightMyRequestResponse, status: number, what: string): void {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
}

/** A user of the app: id, email, display name, and the Cookie header of their session ('' when not signed in). */
export interface Person {
  id: number;
  email: string;
  name: string;
  cookie: string;
}

/** What PATCH /auth/me may change besides the name: time zone, phone region, locale, title, phone. */
export type Profile = Omit<z.input<typeof UpdateMeInput>, 'displayName'>;

export interface PersonOptions extends Profile {
  /** Defaults to a unique `<role>-<suffix>@pond.test`. */
  email?: string;
  /** Defaults to the part of the email before the @, as `TestApp.user` names people. */
  displayName?: string;
  teamId?: number | null;
  /** Sign in and return the cookie; on by default. A profile to apply signs in regardless. */
  signIn?: boolean;
}

/**
 * Creates a user through the users service (password `PASSWORD`), signs them in, and applies any profile
 * fields through PATCH /auth/me.
 */
export async function person(t: TestApp, role: Role, options: PersonOptions = {}): Promise<Person> {
  const { email = `${role}-${unique()}@pond.test`, displayName, teamId = null, signIn = true, ...profile } = options;
  const name = displayName ?? email.split('@')[0]!;
  const user = await t.app.services.users.create(CONSOLE, { email, displayName: name, role, password: PASSWORD, teamId }, CLI_META);
  const hasProfile = Object.keys(profile).length > 0;
  const cookie = signIn || hasProfile ? await t.login(email) : '';
  if (hasProfile) expectStatus(await t.call('PATCH', '/api/v1/auth/me', { cookie, body: profile }), 200, `profile of ${email}`);
  return { id: user.id, email, name, cookie };
}

/** A member of a team to be: any person's options, and a role (salesperson unless given). */
export interface MemberOptions extends PersonOptions {
  role?: Role;
}

export interface TeamOptions {
  /** Defaults to a unique `Team <suffix>`. */
  name?: string;
  /** The team's manager, created first (role manager); null for a team without one. Defaults to a new manager. */
  manager?: PersonOptions | null;
  /** Created after the team, in this order, on the team. */
  members?: readonly MemberOptions[];
}

/** A team as `team` made it: one Person per member asked for, in the same order. */
export interface Team<Manager extends Person | null = Person | null, Members extends readonly Person[] = Person[]> {
  id: number;
  name: string;
  manager: Manager;
  members: Members;
}

type TeamOf<O extends TeamOptions> = Team<
  O extends { manager: null } ? null : Person,
  O extends { members: infer L extends readonly unknown[] } ? { -readonly [K in keyof L]: Person } : []
>;

/** Creates a manager, a team they manage (through the teams service) and its members, all signed in by default. */
export async function team<const O extends TeamOptions = TeamOptions>(t: TestApp, options?: O): Promise<TeamOf<O>>;
export async function team(t: TestApp, options: TeamOptions = {}): Promise<Team> {
  const { name = `Team ${unique()}`, manager: managerOptions = {}, members: memberOptions = [] } = options;
  const manager = managerOptions === null ? null : await person(t, 'manager', managerOptions);
  const created = await t.app.services.teams.create(CONSOLE, { name, ...(manager && { managerId: manager.id }) }, NO_REQUEST);
  const members: Person[] = [];
  for (const { role = 'salesperson', ...member } of memberOptions) members.push(await person(t, role, { ...member, teamId: created.id }));
  return { id: created.id, name, manager, members };
}

/** The fields of POST /prospects, every one optional here. */
export type ProspectFields = Partial<z.input<typeof CreateProspectInput>>;

/**
 * Creates a prospect as the holder of the cookie through POST /prospects and returns it. Unless given: a unique
 * name, grade B, and a unique phone when no phone, email or WeChat ID is.
 */
export async function prospect(t: TestApp, cookie: string, fields: ProspectFields = {}): Promise<ProspectView> {
  const hasContact = Boolean(fields.phones?.length || fields.emails?.length || fields.wechatId);
  const body = { name: `Prospect ${unique()}`, grade: 'B', ...(!hasContact && { phones: [uniquePhone()] }), ...fields };
  const res = await t.call('POST', '/api/v1/prospects', { cookie, body });
  expectStatus(res, 201, 'create prospect');
  return res.json().prospect;
}

/** The fields of POST /prospects/:id/touches, every one optional here. */
export type TouchFields = Partial<z.input<typeof LogTouchInput>>;

/** What logging a touch answers: the touch, and the prospect after it. */
export interface LoggedTouch {
  touch: TouchView;
  prospect: ProspectView;
}

/**
 * Logs touches on a prospect through POST /prospects/:id/touches, one after another: `n` plain ones, or one per
 * list entry. Each is a call that kept the relationship unless its fields say otherwise.
 */
export async function touches(t: TestApp, cookie: string, prospectId: number, what: number | TouchFields[]): Promise<LoggedTouch[]> {
  const list = typeof what === 'number' ? Array.from({ length: what }, (): TouchFields => ({})) : what;
  const logged: LoggedTouch[] = [];
  for (const fields of list) {
    const res = await t.call('POST', `/api/v1/prospects/${prospectId}/touches`, { cookie, body: { channel: 'call', relationshipKept: true, ...fields } });
    expectStatus(res, 201, `touch on prospect ${prospectId}`);
    logged.push(res.json());
  }
  return logged;
}

/** A prospect (as `prospect` makes one) with touches (as `touches` logs them); returns the prospect after the last. */
export async function prospectWithTouches(t: TestApp, cookie: string, fields: ProspectFields, what: number | TouchFields[]): Promise<ProspectView> {
  const made = await prospect(t, cookie, fields);
  const logged = await touches(t, cookie, made.id, what);
  return logged.at(-1)?.prospect ?? made;
}
