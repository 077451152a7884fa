import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CoachingPolicy, IntervalPolicy, MailSettingsInput, MailSettingsView, PoolPolicy, PoolPreviewView } from '@pond/domain';
import { api, isApiError } from '../../api/client.js';
import { remindersKey } from '../account/reminders-api.js';
import { prospectsKey } from '../prospects/prospects-api.js';

export type { CoachingPolicy, IntervalPolicy, MailSettingsInput, PoolPolicy };
export type MailSettings = MailSettingsView;
export type PoolPreview = PoolPreviewView;
export interface PoolPolicyEnvelope {
  policy: PoolPolicy;
  version: number;
}
export interface IntervalPolicyEnvelope {
  policy: IntervalPolicy;
  version: number;
}

const poolPolicyKey = ['settings', 'pool'] as const;
const intervalPolicyKey = ['settings', 'interval-policy'] as const;
const mailKey = ['settings', 'mail'] as const;

/** What is stored now, which a STALE_VERSION answer carries: the envelope for the policies, the view for mail. */
export function staleCurrent<T>(err: unknown): T | undefined {
  return isApiError(err, 'STALE_VERSION') ? (err.details as { current?: T } | undefined)?.current : undefined;
}

export function usePoolPolicy(enabled: boolean) {
  return useQuery({ queryKey: poolPolicyKey, queryFn: () => api.get<PoolPolicyEnvelope>('/api/v1/settings/pool'), enabled });
}

export function previewPoolPolicy(policy: PoolPolicy): Promise<PoolPreview> {
  return api.post<PoolPreview>('/api/v1/settings/pool/preview', { policy });
}

export function useSavePoolPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    // The version read makes a save made elsewhere in the meantime fail with STALE_VERSION instead of being overwritten.
    mutationFn: (input: PoolPolicyEnvelope) => api.put<PoolPolicyEnvelope>('/api/v1/settings/pool', input),
    onSuccess: (saved) => {
      queryClient.setQueryData(poolPolicyKey, saved);
      // Claim limits and hidden fields shape the pool's views.
      void queryClient.invalidateQueries({ queryKey: ['pool'] });
    },
  });
}

export function useIntervalPolicy() {
  return useQuery({ queryKey: intervalPolicyKey, queryFn: () => api.get<IntervalPolicyEnvelope>('/api/v1/settings/interval-policy') });
}

export function useSaveIntervalPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: IntervalPolicyEnvelope) => api.put<IntervalPolicyEnvelope>('/api/v1/settings/interval-policy', input),
    onSuccess: (saved) => {
      queryClient.setQueryData(intervalPolicyKey, saved);
      // A prospect following the policy shows its interval and proposes its next date from it.
      void queryClient.invalidateQueries({ queryKey: prospectsKey });
      void queryClient.invalidateQueries({ queryKey: ['prospect'] });
    },
  });
}

export function useMailSettings() {
  return useQuery({ queryKey: mailKey, queryFn: () => api.get<MailSettings>('/api/v1/settings/mail') });
}

export function useSaveMailSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MailSettingsInput) => api.put<MailSettings>('/api/v1/settings/mail', input),
    onSuccess: (saved) => {
      queryClient.setQueryData(mailKey, saved);
      // The account page warns while no mail can be sent.
      void queryClient.invalidateQueries({ queryKey: remindersKey });
    },
  });
}

/** Sends one message now with the saved settings; a refusal is MAIL_SEND_FAILED with the server's words. */
export function useSendTestMail() {
  return useMutation({ mutationFn: (to: string) => api.post<{ response: string }>('/api/v1/settings/mail/test', { to }) });
}

/** The mail server's own answer that a MAIL_SEND_FAILED carries, e.g. "550 Mailbox unavailable". */
export function mailServerAnswer(err: unknown): string | undefined {
  return isApiError(err, 'MAIL_SEND_FAILED') ? (err.details as { response?: string } | undefined)?.response : undefined;
}

export interface CoachingPolicyEnvelope {
  policy: CoachingPolicy;
  version: number;
}
const coachingPolicyKey = ['settings', 'coaching'] as const;

export function useCoachingPolicy() {
  return useQuery({ queryKey: coachingPolicyKey, queryFn: () => api.get<CoachingPolicyEnvelope>('/api/v1/settings/coaching') });
}

export function useSaveCoachingPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CoachingPolicyEnvelope) => api.put<CoachingPolicyEnvelope>('/api/v1/settings/coaching', input),
    onSuccess: (saved) => {
      queryClient.setQueryData(coachingPolicyKey, saved);
      // The flags on the coaching pages follow the thresholds.
      void queryClient.invalidateQueries({ queryKey: ['coaching'] });
    },
  });
}
