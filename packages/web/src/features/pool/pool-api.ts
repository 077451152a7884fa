import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClaimAllowanceView, Grade, PoolDetailView, PoolEntryView, PoolInfoView, PoolPageView, Source } from '@pond/domain';
import { api } from '../../api/client.js';
import { prospectsKey, todayKey } from '../prospects/prospects-api.js';

export type PoolEntry = PoolEntryView;
export type PoolInfo = PoolInfoView;
export type PoolPage = PoolPageView;
export type PoolDetail = PoolDetailView;
export type Allowance = ClaimAllowanceView;

export const poolKey = ['pool'] as const;

export interface PoolFilters {
  q?: string;
  grade?: Grade;
  source?: Source;
  tag?: string;
  minDaysInPool?: number;
}

export function poolParams(filters: PoolFilters, cursor: string | null, limit: number): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q?.trim()) params.set('q', filters.q.trim());
  if (filters.grade) params.set('grade', filters.grade);
  if (filters.source) params.set('source', filters.source);
  if (filters.tag?.trim()) params.set('tag', filters.tag.trim());
  if (filters.minDaysInPool) params.set('minDaysInPool', String(filters.minDaysInPool));
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params;
}

export function usePoolList(filters: PoolFilters, limit = 50) {
  return useInfiniteQuery({
    queryKey: [...poolKey, 'list', filters, limit],
    queryFn: ({ pageParam }) => api.get<PoolPage>(`/api/v1/pool?${poolParams(filters, pageParam, limit).toString()}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function usePoolDetail(id: number, enabled = true) {
  return useQuery({ queryKey: [...poolKey, 'detail', id], queryFn: () => api.get<PoolDetail>(`/api/v1/pool/${id}`), enabled, retry: false });
}

/** After any move in or out of the pool: the pool, the book and Today are asked again. */
function useRefresh() {
  const queryClient = useQueryClient();
  return (id?: number) => {
    void queryClient.invalidateQueries({ queryKey: poolKey });
    void queryClient.invalidateQueries({ queryKey: prospectsKey });
    void queryClient.invalidateQueries({ queryKey: todayKey });
    if (id !== undefined) void queryClient.invalidateQueries({ queryKey: ['prospect', id] });
  };
}

export function usePoolMutations() {
  const refresh = useRefresh();
  const claim = useMutation({
    // One id uses the one-prospect route, whose refusal names that prospect; several go all or none.
    mutationFn: (ids: number[]) =>
      ids.length === 1 ? api.post<{ claimed: number[] }>(`/api/v1/pool/${ids[0]}/claim`) : api.post<{ claimed: number[] }>('/api/v1/pool/claim', { ids }),
    // A refusal (someone was faster, a limit) also refreshes: the list then shows what is true now.
    onSettled: () => refresh(),
  });
  const assign = useMutation({
    mutationFn: ({ id, userId }: { id: number; userId: number }) => api.post<{ prospectId: number; ownerId: number }>(`/api/v1/pool/${id}/assign`, { userId }),
    onSettled: (_data, _err, { id }) => refresh(id),
  });
  const release = useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<{ prospectId: number }>(`/api/v1/prospects/${id}/release`, { reason }),
    onSettled: (_data, _err, { id }) => refresh(id),
  });
  return { claim, assign, release };
}
