import { z } from 'zod';
import { cleanText } from '../text/text.js';
import { Locale } from '../i18n/locale.js';
import { PASSWORD_MAX_LENGTH } from './password-policy.js';
import { Capabilities, Role } from './roles.js';
import { PhoneRegionSchema } from '../prospects/phones.js';

/** Any IANA time zone the runtime knows, e.g. Asia/Taipei. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone');

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

export const DisplayName = cleanText({ min: 1, max: 100 });
/** Length rules live in the password policy so they can be localised; this only bounds the payload. */
export const Password = z.string().min(1).max(PASSWORD_MAX_LENGTH * 4);
export const Id = z.coerce.number().int().positive();

export const UserView = z.object({
  id: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  role: Role,
  teamId: z.number().int().nullable(),
  locale: Locale.nullable(),
  timeZone: z.string().nullable(),
  /** The region the user chose for phone numbers; null when it follows their time zone or the installation. */
  phoneRegion: z.string().nullable(),
  /** The signature under their newsletter cover notes: a job title, a phone (E.164). */
  title: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const TeamView = z.object({
  id: z.number().int(),
  name: z.string(),
  managerId: z.number().int().nullable(),
  memberCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type TeamView = z.infer<typeof TeamView>;

export const LoginInput = z.strictObject({ email: Email, password: Password });
export const SetupInput = z.strictObject({
  token: z.string().min(1).max(200),
  email: Email,
  displayName: DisplayName,
  password: Password,
  locale: Locale.optional(),
  timeZone: TimeZone.optional(),
});
export const ChangePasswordInput = z.strictObject({ currentPassword: Password, newPassword: Password });
export const UpdateMeInput = z.strictObject({
  displayName: DisplayName.optional(),
  locale: Locale.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
  /** An ISO 3166 region the phone library knows (TW, CN, HK…), or null to follow the time zone. */
  phoneRegion: PhoneRegionSchema.nullable().optional(),
  /** The job title under their cover notes; empty or null removes it. */
  title: z.string().trim().max(100).nullable().optional(),
  /** Their phone for cover notes, as typed (read in their phone region); empty or null removes it. */
  phone: z.string().trim().max(40).nullable().optional(),
});
/**
 * The signed-in user, with the phone region in use (their choice, else guessed from their time zone, else the
 * installation's) and every role rule answered for them (`can`), which the web reads instead of comparing roles.
 */
export const MeView = UserView.extend({ phoneRegionInUse: z.string(), can: Capabilities });
export type MeView = z.infer<typeof MeView>;
export const CreateUserInput = z.strictObject({
  email: Email,
  displayName: DisplayName,
  role: Role,
  password: Password,
  teamId: Id.nullable().optional(),
  locale: Locale.optional(),
  timeZone: TimeZone.optional(),
});
export const UpdateUserInput = z.strictObject({
  version: z.number().int().optional(),
  displayName: DisplayName.optional(),
  role: Role.optional(),
  teamId: Id.nullable().optional(),
  active: z.boolean().optional(),
});
export const ResetPasswordInput = z.strictObject({ password: Password });
export const TeamName = cleanText({ min: 1, max: 100 });
export const CreateTeamInput = z.strictObject({ name: TeamName, managerId: Id.nullable().optional() });
export const UpdateTeamInput = z.strictObject({
  version: z.number().int().optional(),
  name: TeamName.optional(),
  managerId: Id.nullable().optional(),
});
export const CreateTokenInput = z.strictObject({ name: cleanText({ min: 1, max: 100 }) });
export const TokenView = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
