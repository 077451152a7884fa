import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DigestSettingsInput, FeedCreatedView, ReminderSettingsView } from '@pond/domain';
import { api } from '../../api/client.js';

export type ReminderSettings = ReminderSettingsView;
export type FeedCreated = FeedCreatedView;

export const remindersKey = ['reminders'] as const;

export function useReminders() {
  return useQuery({ queryKey: remindersKey, queryFn: () => api.get<ReminderSettings>('/api/v1/reminders') });
}

/** The morning mail's switch, hour and days: the answer is the whole settings view, so the cache takes it as is. */
export function useSaveDigest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DigestSettingsInput) => api.put<ReminderSettings>('/api/v1/reminders/digest', input),
    onSuccess: (settings) => queryClient.setQueryData(remindersKey, settings),
  });
}

/** A new calendar address (the one before stops working), and revoking it; either way the status is asked again. */
export function useFeedMutations() {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: remindersKey });
  const create = useMutation({ mutationFn: () => api.post<FeedCreated>('/api/v1/reminders/feed'), onSettled: refresh });
  const revoke = useMutation({ mutationFn: () => api.delete('/api/v1/reminders/feed'), onSettled: refresh });
  return { create, revoke };
}
