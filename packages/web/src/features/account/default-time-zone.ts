import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { User } from '../../api/types.js';
import { useUpdateMe } from '../auth/session.js';
import { todayKey } from '../prospects/prospects-api.js';
import { browserTimeZone } from './time-zones.js';

// Once per account and page load: a refused zone is not retried on every render.
const offered = new Set<number>();

/**
 * "Today" is the user's own day. An account without a time zone takes this browser's, once, after sign-in or on
 * load; a zone the user has chosen is never replaced.
 */
export function useDefaultTimeZone(user: User): void {
  const queryClient = useQueryClient();
  const { mutate } = useUpdateMe();
  useEffect(() => {
    if (user.timeZone !== null || offered.has(user.id)) return;
    offered.add(user.id);
    // The cached user is replaced by the server's answer (useUpdateMe); the agenda was cut by the old default.
    mutate({ timeZone: browserTimeZone() }, { onSuccess: () => void queryClient.invalidateQueries({ queryKey: todayKey }) });
  }, [user.id, user.timeZone, mutate, queryClient]);
}
