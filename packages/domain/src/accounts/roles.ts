import { z } from 'zod';

export const ROLES = ['salesperson', 'manager', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** What each role may do in account administration; services ask these, never compare role strings inline. */
export const can = {
  manageUsers: (role: Role) => role === 'admin',
  manageTeams: (role: Role) => role === 'admin',
  readAudit: (role: Role) => role === 'admin',
  /** Installation-wide settings: the interval policy now; pool, newsletter and mail settings later. */
  manageSettings: (role: Role) => role === 'admin',
  /** Background jobs, the dead ones with their errors. */
  viewJobs: (role: Role) => role === 'admin',
  /** Managers see their team's roster; admins see everyone. */
  listUsers: (role: Role) => role === 'admin' || role === 'manager',
  /** Claiming from the shared pool is for the people who follow prospects up. */
  claimFromPool: (role: Role) => role === 'salesperson' || role === 'manager',
  /** The product catalogue and the commission rules orders are priced with. */
  manageCatalogue: (role: Role) => role === 'admin',
  /** Holding events (研討會): creating them, assigning hosts, cancelling them. */
  manageEvents: (role: Role) => role === 'manager' || role === 'admin',
  /** Taking a walk-in's card at an event's door: it becomes the collector's own prospect, and an admin owns none. */
  collectWalkIns: (role: Role) => role === 'salesperson' || role === 'manager',
  /** Seeing the team's agendas: each member's counts and, read-only, their Today. */
  viewTeam: (role: Role) => role === 'manager' || role === 'admin',
  /** Writing a newsletter issue for the prospects one sees; it goes out only after someone else approved it. */
  writeNewsletters: (role: Role) => role === 'salesperson' || role === 'manager' || role === 'admin',
  /** Approving or rejecting issues: a team's manager for the team's authors, an admin for anyone (never one's own). */
  reviewNewsletters: (role: Role) => role === 'manager' || role === 'admin',
  /** Handing a pool prospect to someone, outside the claim limits. */
  assignFromPool: (role: Role) => role === 'manager' || role === 'admin',
  /** Owning prospects (a book of one's own): the people who follow them up; an admin owns none. */
  ownProspects: (role: Role) => role === 'salesperson' || role === 'manager',
  /** Holding events for any team, not only the teams one manages. */
  holdEventsForAnyTeam: (role: Role) => role === 'admin',
  /** Being named a team's manager. */
  leadTeams: (role: Role) => role === 'manager' || role === 'admin',
};

export type Capability = keyof typeof can;
export const CAPABILITIES = Object.keys(can) as Capability[];

/** Every role rule answered for one role: sent with the signed-in user and with each user, so the web asks, never compares roles. */
export const Capabilities = z.object(Object.fromEntries(CAPABILITIES.map((c) => [c, z.boolean()])) as Record<Capability, z.ZodBoolean>);
export type Capabilities = Record<Capability, boolean>;

export function capabilitiesOf(role: Role): Capabilities {
  return Object.fromEntries(CAPABILITIES.map((c) => [c, can[c](role)])) as Capabilities;
}
