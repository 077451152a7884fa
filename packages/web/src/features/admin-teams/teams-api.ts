import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Items, Team } from '../../api/types.js';

export const teamsKey = ['teams'] as const;

export function useTeams() {
  return useQuery({ queryKey: teamsKey, queryFn: () => api.get<Items<Team>>('/api/v1/teams') });
}

export interface TeamInput {
  name: string;
  managerId: number | null;
}

export function useSaveTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ team, input }: { team: Team | null; input: TeamInput }) =>
      team
        ? api.patch<{ team: Team }>(`/api/v1/teams/${team.id}`, { version: team.version, ...input })
        : api.post<{ team: Team }>('/api/v1/teams', input),
    // Team managers and member counts show on the users page too.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: teamsKey }),
  });
}
