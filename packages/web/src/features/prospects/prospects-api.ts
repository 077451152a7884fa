import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client.js';
import type { Items, Page, User } from '../../api/types.js';
import { DUE_FILTERS } from './prospect-types.js';
import type {
  Agenda,
  AttemptInput,
  DispositionChange,
  DueFilter,
  LookupResult,
  PossibleDuplicates,
  Prospect,
  ProspectFields,
  ProspectSummary,
  TimelineEntry,
  Touch,
  TouchInput,
} from './prospect-types.js';

export const prospectsKey = ['prospects'] as const;
export const todayKey = ['today'] as const;
const prospectKey = (id: number) => ['prospect', id] as const;
const timelineKey = (id: number) => ['prospect', id, 'timeline'] as const;

export interface ListFilters {
  grade?: string[];
  importance?: string[];
  expectedClose?: string[];
  disposition?: string[];
  stage?: string[];
  ownerId?: number[];
  due?: DueFilter;
  tag?: string;
  touchedOnce?: boolean;
  q?: string;
}

export type SortField = 'name' | 'grade' | 'importance' | 'expectedClose' | 'disposition' | 'stage' | 'nextDueOn' | 'lastTouchAt' | 'touchCount' | 'createdAt';
export interface ListSort {
  sort: SortField;
  order: 'asc' | 'desc';
}

/** The filters a list link carries (the inverse of filterParams), e.g. from Today's "more" links. */
export function filtersFromParams(params: URLSearchParams): ListFilters {
  const filters: ListFilters = {};
  for (const key of ['grade', 'importance', 'expectedClose', 'disposition', 'stage'] as const) {
    const value = params.get(key);
    if (value) filters[key] = value.split(',').filter(Boolean);
  }
  const owners = params.get('ownerId')?.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (owners?.length) filters.ownerId = owners;
  const due = params.get('due');
  if (due && (DUE_FILTERS as readonly string[]).includes(due)) filters.due = due as DueFilter;
  if (params.get('tag')) filters.tag = params.get('tag')!;
  if (params.get('touchedOnce') === 'true') filters.touchedOnce = true;
  if (params.get('q')) filters.q = params.get('q')!;
  return filters;
}

/** The filters as query parameters, as the API and list links (read back by filtersFromParams) spell them. */
export function filterParams(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['grade', 'importance', 'expectedClose', 'disposition', 'stage', 'ownerId'] as const) {
    const values = filters[key];
    if (values?.length) params.set(key, values.join(','));
  }
  if (filters.due) params.set('due', filters.due);
  if (filters.tag?.trim()) params.set('tag', filters.tag.trim());
  if (filters.touchedOnce) params.set('touchedOnce', 'true');
  if (filters.q?.trim()) params.set('q', filters.q.trim());
  return params;
}

export function listParams(filters: ListFilters, sort: ListSort, cursor: string | null, limit: number): URLSearchParams {
  const params = filterParams(filters);
  params.set('sort', sort.sort);
  params.set('order', sort.order);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params;
}

export function useProspectList(filters: ListFilters, sort: ListSort, limit = 50, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...prospectsKey, 'list', filters, sort, limit],
    queryFn: ({ pageParam }) => api.get<Page<ProspectSummary>>(`/api/v1/prospects?${listParams(filters, sort, pageParam, limit).toString()}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The board's true column totals under the list's filters (not the rows a page happened to load). */
export function useProspectCounts(filters: ListFilters, by: 'grade' | 'disposition') {
  return useQuery({
    queryKey: [...prospectsKey, 'counts', by, filters],
    queryFn: () => {
      const params = filterParams(filters);
      params.set('by', by);
      return api.get<{ by: string; counts: Record<string, number> }>(`/api/v1/prospects/counts?${params.toString()}`);
    },
    placeholderData: keepPreviousData,
  });
}

/** Rows shown per Today section; the rest are one link away in the filtered list. */
export const AGENDA_PAGE = 20;

export function useToday() {
  return useQuery({ queryKey: todayKey, queryFn: () => api.get<Agenda>(`/api/v1/today?limit=${AGENDA_PAGE}`), staleTime: 0 });
}

export function useProspect(id: number, enabled = true) {
  return useQuery({ queryKey: prospectKey(id), queryFn: () => api.get<{ prospect: Prospect; touches: Touch[] }>(`/api/v1/prospects/${id}`), enabled });
}

/** Under the record's key: any change to it (a rename, a merge) asks again. */
export function usePossibleDuplicates(id: number) {
  return useQuery({ queryKey: [...prospectKey(id), 'duplicates'], queryFn: () => api.get<PossibleDuplicates>(`/api/v1/prospects/${id}/duplicates`) });
}

export function useTimeline(id: number) {
  return useQuery({ queryKey: timelineKey(id), queryFn: () => api.get<Items<TimelineEntry>>(`/api/v1/prospects/${id}/timeline?limit=100`) });
}

/** Everyone a manager or admin may pick as owner or colleague; salespeople are refused, and then see no picker. */
export function useTeamUsers(enabled = true) {
  const query = useQuery({
    queryKey: ['users'],
    queryFn: () => api.get<Items<User>>('/api/v1/users'),
    retry: false,
    // A salesperson has no user list to read: not asking spares a refusal on every visit.
    enabled,
  });
  const forbidden = query.isError && isApiError(query.error) && (query.error.status === 403 || query.error.status === 404);
  return { users: query.data?.items.filter((u) => u.active) ?? [], available: query.isSuccess && !forbidden };
}

export function lookupContact(kind: 'phone' | 'email', value: string): Promise<LookupResult> {
  return api.get<LookupResult>(`/api/v1/prospects/lookup?${new URLSearchParams({ [kind]: value }).toString()}`);
}

/** After any change: the list, the agenda and this prospect's record and timeline are refetched. */
function useRefresh() {
  const queryClient = useQueryClient();
  return (prospect?: Prospect) => {
    void queryClient.invalidateQueries({ queryKey: prospectsKey });
    void queryClient.invalidateQueries({ queryKey: todayKey });
    if (prospect) {
      queryClient.setQueryData<{ prospect: Prospect; touches: Touch[] }>(prospectKey(prospect.id), (old) => (old ? { ...old, prospect } : old));
      void queryClient.invalidateQueries({ queryKey: prospectKey(prospect.id) });
    }
  };
}

/** The record as stored now, which a STALE_VERSION error carries. */
export function staleCurrent(err: unknown): Prospect | undefined {
  return isApiError(err, 'STALE_VERSION') ? (err.details as { current?: Prospect } | undefined)?.current : undefined;
}

export function useProspectMutations() {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const create = useMutation({
    mutationFn: (input: Partial<ProspectFields> & Pick<ProspectFields, 'name' | 'grade'>) => api.post<{ prospect: Prospect }>('/api/v1/prospects', input),
    onSuccess: ({ prospect }) => refresh(prospect),
  });
  const update = useMutation({
    // The version makes a change made elsewhere in the meantime fail with STALE_VERSION instead of being overwritten.
    mutationFn: ({ id, version, patch }: { id: number; version: number; patch: Partial<ProspectFields> }) =>
      api.patch<{ prospect: Prospect }>(`/api/v1/prospects/${id}`, { version, ...patch }),
    onSuccess: ({ prospect }) => refresh(prospect),
  });
  const disposition = useMutation({
    mutationFn: ({ id, version, change }: { id: number; version: number; change: DispositionChange }) =>
      api.post<{ prospect: Prospect }>(`/api/v1/prospects/${id}/disposition`, { version, ...change }),
    onSuccess: ({ prospect }) => refresh(prospect),
    onError: () => refresh(),
  });
  const logTouch = useMutation({
    mutationFn: ({ id, input }: { id: number; input: TouchInput }) => api.post<{ touch: Touch; prospect: Prospect }>(`/api/v1/prospects/${id}/touches`, input),
    onSuccess: ({ prospect }) => refresh(prospect),
  });
  const logAttempt = useMutation({
    mutationFn: ({ id, input }: { id: number; input: AttemptInput }) => api.post<{ prospect: Prospect }>(`/api/v1/prospects/${id}/attempts`, input),
    onSuccess: ({ prospect }) => refresh(prospect),
  });
  const bulk = useMutation({
    mutationFn: (input: { ids: number[]; grade?: string; intervalDays?: number | null; addTags?: string[]; removeTags?: string[]; ownerId?: number }) =>
      api.post<{ updated: number }>('/api/v1/prospects/bulk', input),
    onSuccess: () => refresh(),
  });
  const linkColleague = useMutation({
    mutationFn: ({ id, userId }: { id: number; userId: number }) => api.post<{ prospect: Prospect }>(`/api/v1/prospects/${id}/colleagues`, { userId }),
    onSuccess: ({ prospect }) => refresh(prospect),
  });
  const unlinkColleague = useMutation({
    mutationFn: ({ id, userId }: { id: number; userId: number }) => api.delete<{ prospect: Prospect }>(`/api/v1/prospects/${id}/colleagues/${userId}`),
    onSuccess: ({ prospect }) => refresh(prospect),
  });
  const archive = useMutation({
    mutationFn: (id: number) => api.post<{ prospect: Prospect }>(`/api/v1/prospects/${id}/archive`),
    onSuccess: ({ prospect }) => refresh(prospect),
  });
  const erase = useMutation({
    mutationFn: (id: number) => api.delete(`/api/v1/prospects/${id}`),
    onSuccess: () => refresh(),
  });
  const merge = useMutation({
    // The version is the kept record's (`id`), as for any change to it; the other record is gone afterwards.
    mutationFn: ({ id, version, fromId }: { id: number; version: number; fromId: number }) =>
      api.post<{ prospect: Prospect }>(`/api/v1/prospects/${id}/merge`, { fromId, version }),
    onSuccess: ({ prospect }, { fromId }) => {
      queryClient.removeQueries({ queryKey: prospectKey(fromId) });
      refresh(prospect);
    },
    // A stale version comes with the current record: show it at once, so the next try uses its version.
    onError: (err) => refresh(staleCurrent(err)),
  });
  return { create, update, disposition, logTouch, logAttempt, bulk, linkColleague, unlinkColleague, archive, erase, merge };
}
