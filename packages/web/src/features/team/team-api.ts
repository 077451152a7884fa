import { useQuery } from '@tanstack/react-query';
import type { AgendaView, TeamAgendaView } from '@pond/domain';
import { api } from '../../api/client.js';
import { AGENDA_PAGE, todayKey } from '../prospects/prospects-api.js';

export type TeamAgenda = TeamAgendaView;
export type TeamMember = TeamAgendaView['members'][number];

/**
 * Under the agenda's key: the team's counts and a member's Today are agendas too, so a touch logged anywhere
 * (which refetches Today) refetches them as well.
 */
export const teamKey = [...todayKey, 'team'] as const;

/** A manager's teams' members (an admin: everyone's) with their agenda counts, in the server's order. */
export function useTeam() {
  return useQuery({ queryKey: teamKey, queryFn: () => api.get<TeamAgenda>('/api/v1/team'), staleTime: 0 });
}

/** A team member's Today, exactly as they see it. */
export function useMemberToday(id: number) {
  return useQuery({
    queryKey: [...teamKey, id],
    queryFn: () => api.get<AgendaView>(`/api/v1/team/${id}/today?limit=${AGENDA_PAGE}`),
    enabled: Number.isInteger(id) && id > 0,
    staleTime: 0,
  });
}
