import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { FieldMatch } from '@pond/domain';
import { api } from '../../api/client.js';
import { prospectsKey } from '../prospects/prospects-api.js';
import type { ProspectSummary } from '../prospects/prospect-types.js';

export type { FieldMatch };

export interface SearchHit {
  prospect: ProspectSummary;
  matches: FieldMatch[];
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  truncated: boolean;
}

/** The server refuses longer queries; the box stops there too. */
export const MAX_QUERY_LENGTH = 100;
export const SEARCH_LIMIT = 20;
export const SEARCH_DEBOUNCE_MS = 150;

/** The query as sent: trimmed, so "小伟 " and "小伟" are one request. */
export function normalizeQuery(text: string): string {
  return text.trim().slice(0, MAX_QUERY_LENGTH);
}

/** The value, once it has stopped changing for `delay` ms. */
export function useDebouncedValue<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * One search over every prospect the user may see. Kept under the prospects key, so any change to a prospect
 * refreshes it. A superseded query loses its observer and TanStack Query aborts its request through `signal`.
 */
export function useProspectSearch(q: string) {
  return useQuery({
    queryKey: [...prospectsKey, 'search', q],
    queryFn: ({ signal }) =>
      api.get<SearchResult>(`/api/v1/search?${new URLSearchParams({ q, limit: String(SEARCH_LIMIT) }).toString()}`, { signal }),
    enabled: q.length > 0,
    staleTime: 10_000,
    gcTime: 60_000,
    retry: false,
  });
}
