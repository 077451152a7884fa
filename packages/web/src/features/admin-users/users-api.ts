import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Items, Me, Role, User } from '../../api/types.js';
import { teamsKey } from '../admin-teams/teams-api.js';
import { meKey } from '../auth/session.js';

export const usersKey = ['users'] as const;

export function useUsers() {
  return useQuery({ queryKey: usersKey, queryFn: () => api.get<Items<User>>('/api/v1/users') });
}

export interface NewUserInput {
  email: string;
  displayName: string;
  role: Role;
  password: string;
  teamId: number | null;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  teamId?: number | null;
  active?: boolean;
}

export function useUserMutations() {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: usersKey });
    void queryClient.invalidateQueries({ queryKey: teamsKey });
  };
  const create = useMutation({
    mutationFn: (input: NewUserInput) => api.post<{ user: User }>('/api/v1/users', input),
    onSuccess: refresh,
  });
  const update = useMutation({
    // The version makes a change made elsewhere in the meantime fail with STALE_VERSION instead of being overwritten.
    mutationFn: ({ user, patch }: { user: User; patch: UserPatch }) =>
      api.patch<{ user: User }>(`/api/v1/users/${user.id}`, { version: user.version, ...patch }),
    onSuccess: ({ user }) => {
      const me = queryClient.getQueryData<Me | null>(meKey);
      if (me && me.id === user.id) queryClient.setQueryData(meKey, { ...me, ...user });
    },
    // A stale version also refreshes, so the next attempt starts from what is current.
    onSettled: refresh,
  });
  const resetPassword = useMutation({
    mutationFn: ({ user, password }: { user: User; password: string }) => api.post<void>(`/api/v1/users/${user.id}/password`, { password }),
  });
  return { create, update, resetPassword };
}
