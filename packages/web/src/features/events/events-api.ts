import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CheckInResultView,
  EventInput,
  EventKind,
  EventPageView,
  EventPatch,
  EventView,
  InvitationChannel,
  InvitationListView,
  InvitationState,
  InvitationView,
  InviteResultView,
  WalkInInput,
} from '@pond/domain';
import { api, isApiError } from '../../api/client.js';
import type { Items } from '../../api/types.js';
import { prospectsKey, todayKey } from '../prospects/prospects-api.js';

export type { EventInput, EventKind, EventPatch, InvitationChannel, InvitationState, WalkInInput };
export type PondEvent = EventView;
export type EventPage = EventPageView;
export type Invitation = InvitationView;
export type InvitationList = InvitationListView;
export type InviteResult = InviteResultView;
export type CheckInResult = CheckInResultView;

export const eventsKey = ['events'] as const;
const eventKey = (id: number) => ['events', 'one', id] as const;
const invitationsKey = (id: number) => ['events', 'one', id, 'invitations'] as const;
const prospectInvitationsKey = (id: number) => ['prospect', id, 'invitations'] as const;

export type When = 'upcoming' | 'past';

export function useEventList(when: When, kind?: EventKind, limit = 20) {
  return useInfiniteQuery({
    queryKey: [...eventsKey, 'list', when, kind ?? null, limit],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ when, limit: String(limit) });
      if (kind) params.set('kind', kind);
      if (pageParam) params.set('cursor', pageParam);
      return api.get<EventPage>(`/api/v1/events?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useEvent(id: number, live = false) {
  return useQuery({
    queryKey: eventKey(id),
    queryFn: () => api.get<PondEvent>(`/api/v1/events/${id}`),
    enabled: Number.isInteger(id) && id > 0,
    retry: false,
    refetchInterval: live ? 20_000 : false,
  });
}

export interface InvitationFilters {
  q?: string;
  state?: InvitationState;
}

/** With `live`, asked again every 20 seconds: at the door, colleagues check guests in on their own phones. */
export function useInvitations(eventId: number, filters: InvitationFilters = {}, live = false) {
  return useQuery({
    queryKey: [...invitationsKey(eventId), filters],
    queryFn: () => {
      const params = new URLSearchParams();
      if (filters.q?.trim()) params.set('q', filters.q.trim());
      if (filters.state) params.set('state', filters.state);
      const query = params.toString();
      return api.get<InvitationList>(`/api/v1/events/${eventId}/invitations${query ? `?${query}` : ''}`);
    },
    placeholderData: keepPreviousData,
    refetchInterval: live ? 20_000 : false,
  });
}

/** A prospect's invitations, for its page: kept under the prospect's key, so any change to it asks again. */
export function useProspectInvitations(prospectId: number) {
  return useQuery({ queryKey: prospectInvitationsKey(prospectId), queryFn: () => api.get<Items<Invitation>>(`/api/v1/prospects/${prospectId}/invitations`) });
}

/** The event as stored now, which a STALE_VERSION answer carries. */
export function staleEvent(err: unknown): PondEvent | undefined {
  return isApiError(err, 'STALE_VERSION') ? (err.details as { current?: PondEvent } | undefined)?.current : undefined;
}

/**
 * After any change: the event itself and every list of events and invitations; an attendance or a walk-in also logs
 * a touch (or makes a prospect), so the prospect's record, the book and Today are asked again.
 */
function useRefresh() {
  const queryClient = useQueryClient();
  return (event?: PondEvent, prospectIds: number[] = []) => {
    if (event) queryClient.setQueryData(eventKey(event.id), event);
    void queryClient.invalidateQueries({ queryKey: eventsKey });
    for (const id of prospectIds) void queryClient.invalidateQueries({ queryKey: ['prospect', id] });
    if (prospectIds.length) {
      void queryClient.invalidateQueries({ queryKey: prospectsKey });
      void queryClient.invalidateQueries({ queryKey: todayKey });
    }
  };
}

/** Puts one changed invitation into every loaded list of its event, so the row changes before the lists come back. */
function usePatchInvitation() {
  const queryClient = useQueryClient();
  return (invitation: Invitation) => {
    queryClient.setQueriesData<InvitationList>({ queryKey: invitationsKey(invitation.event.id) }, (old) =>
      old ? { ...old, items: old.items.map((i) => (i.id === invitation.id ? invitation : i)) } : old,
    );
  };
}

export function useEventMutations() {
  const refresh = useRefresh();
  const settle = (event: PondEvent | undefined, err: unknown) => refresh(event ?? staleEvent(err));
  const create = useMutation({
    mutationFn: (input: EventInput) => api.post<PondEvent>('/api/v1/events', input),
    onSuccess: (event) => refresh(event),
  });
  const update = useMutation({
    mutationFn: ({ id, version, patch }: { id: number; version: number; patch: Omit<EventPatch, 'version'> }) => api.patch<PondEvent>(`/api/v1/events/${id}`, { version, ...patch }),
    onSettled: (event, err) => settle(event, err),
  });
  const cancel = useMutation({
    mutationFn: ({ id, version, reason }: { id: number; version: number; reason: string }) => api.post<PondEvent>(`/api/v1/events/${id}/cancel`, { version, reason }),
    onSettled: (event, err) => settle(event, err),
  });
  const close = useMutation({
    mutationFn: ({ id, version }: { id: number; version: number }) => api.post<PondEvent>(`/api/v1/events/${id}/close`, { version }),
    onSettled: (event, err) => settle(event, err),
  });
  return { create, update, cancel, close };
}

export type InviteInput = { channel: InvitationChannel; message?: string | null } & ({ prospectIds: number[] } | { filter: string });

export function useInvitationMutations(eventId: number) {
  const refresh = useRefresh();
  const patch = usePatchInvitation();
  const invite = useMutation({
    mutationFn: (input: InviteInput) => api.post<InviteResult>(`/api/v1/events/${eventId}/invitations`, input),
    onSuccess: (_result, input) => refresh(undefined, 'prospectIds' in input ? input.prospectIds : []),
  });
  const checkIn = useMutation({
    mutationFn: ({ invitation, summary }: { invitation: Invitation; summary?: string }) =>
      api.post<CheckInResult>(`/api/v1/invitations/${invitation.id}/check-in`, { version: invitation.version, ...(summary && { summary }) }),
    onSuccess: ({ invitation, event }) => {
      patch(invitation);
      refresh(event, [invitation.prospect.id]);
    },
  });
  const walkIn = useMutation({
    mutationFn: (input: WalkInInput) => api.post<CheckInResult>(`/api/v1/events/${eventId}/walk-ins`, input),
    onSuccess: ({ invitation, event }) => refresh(event, [invitation.prospect.id]),
  });
  const move = useMutation({
    mutationFn: ({ invitation, state }: { invitation: Invitation; state: InvitationState }) =>
      api.post<Invitation>(`/api/v1/invitations/${invitation.id}/state`, { state, version: invitation.version }),
    onSuccess: (invitation) => patch(invitation),
    onSettled: (invitation, _err, vars) => refresh(undefined, [invitation?.prospect.id ?? vars.invitation.prospect.id]),
  });
  return { invite, checkIn, walkIn, move };
}
