/** Shapes of the API's responses, shared with the server through the domain package. */
import type { Locale, MeView, Role, TeamView, UserView } from '@pond/domain';

export type { Locale, Role };
export type User = UserView;
/** The signed-in user: a user, with the phone region their numbers are shown and read in. */
export type Me = MeView;
export type Team = TeamView;

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedToken {
  id: number;
  name: string;
  token: string;
}

export interface AuditEntry {
  id: number | string;
  at: string;
  actorId: number | null;
  actorName: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  entityName: string | null;
  /** Names of the other records the entry names, keyed "type:id". */
  related: Record<string, string>;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Items<T> {
  items: T[];
}
