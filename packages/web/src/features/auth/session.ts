import { createContext, useContext } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client.js';
import type { Locale, Me, User } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { storeLocale } from '../../i18n/locales.js';

export const meKey = ['me'] as const;

/**
 * Provided once the session is known, so pages never see a half-signed-out state: when the session ends,
 * the provider is replaced by a redirect before any page re-renders.
 */
export const UserContext = createContext<Me | null>(null);

/**
 * The signed-in user as /auth/me tells it, with the phone region in use. Signing in and setting up answer a plain
 * user, so they read this afterwards rather than caching their own answer.
 */
export async function readMe(): Promise<Me> {
  const { user } = await api.get<{ user: Me }>('/api/v1/auth/me');
  return user;
}

/** The signed-in user, or null when nobody is signed in. */
async function fetchMe(): Promise<Me | null> {
  try {
    return await readMe();
  } catch (err) {
    if (isApiError(err) && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

/** The signed-in user, for pages inside the signed-in shell (RequireUser provides it). */
export function useUser(): Me {
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser called outside the signed-in shell');
  return user;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; password: string }) => {
      await api.post<{ user: User }>('/api/v1/auth/login', input);
      return { user: await readMe() };
    },
    onSuccess: ({ user }) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      queryClient.setQueryData(meKey, user);
    },
  });
}

/** Marks a deliberate sign-out, so the sign-in page can say so instead of offering to return where the user was. */
export const signedOutKey = ['signed-out'] as const;

/** Ends the session on the server; whatever it answers, this tab forgets everything about the user. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/v1/auth/logout'),
    onSettled: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      queryClient.setQueryData(signedOutKey, true);
      queryClient.setQueryData(meKey, null);
    },
  });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: { displayName?: string; locale?: Locale | null; timeZone?: string | null; phoneRegion?: string | null; title?: string | null; phone?: string | null }) =>
      api.patch<{ user: Me }>('/api/v1/auth/me', patch),
    onSuccess: ({ user }) => queryClient.setQueryData(meKey, user),
  });
}

/** Switches the language now, and remembers it: on the account when signed in, in this browser always. */
export function useSwitchLocale() {
  const { setLocale } = useI18n();
  const { data: user } = useMe();
  const updateMe = useUpdateMe();
  return (locale: Locale) => {
    setLocale(locale);
    storeLocale(locale);
    if (user && user.locale !== locale) updateMe.mutate({ locale });
  };
}
