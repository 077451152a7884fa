import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { MarkReadInput, NotificationsPageView, NotificationView } from '@pond/domain';
import { api } from '../../api/client.js';

export type Notice = NotificationView;
export type NoticesPage = NotificationsPageView;

export const noticesKey = ['notifications'] as const;
const countKey = [...noticesKey, 'count'] as const;
const listKey = [...noticesKey, 'list'] as const;

const PAGE = 20;
const POLL_MS = 60_000;

/** The bell's number: a one-row page asked every minute and whenever the window regains focus. */
export function useUnreadCount() {
  return useQuery({
    queryKey: countKey,
    queryFn: () => api.get<NoticesPage>('/api/v1/notifications?limit=1'),
    select: (page) => page.unread,
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
}

/** The notices, newest first, loaded only while the bell is open and fresh each time it opens. */
export function useNotices(open: boolean) {
  return useInfiniteQuery({
    queryKey: listKey,
    queryFn: ({ pageParam }) => api.get<NoticesPage>(`/api/v1/notifications?limit=${PAGE}${pageParam === null ? '' : `&before=${pageParam}`}`),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: open,
    staleTime: 0,
    refetchInterval: open ? POLL_MS : false,
  });
}

/** Marks notices read: shown read at once, then the count the server answers. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MarkReadInput) => api.post<{ unread: number }>('/api/v1/notifications/read', input),
    onMutate: (input) => {
      const read = (n: Notice) => ('all' in input || input.ids.includes(n.id) ? { ...n, read: true } : n);
      queryClient.setQueryData<InfiniteData<NoticesPage, number | null>>(listKey, (data) =>
        data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map(read) })) } : data,
      );
    },
    onSuccess: ({ unread }) => {
      queryClient.setQueryData<NoticesPage>(countKey, (page) => (page ? { ...page, unread } : page));
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: noticesKey }),
  });
}
