import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CoachingPolicy, IntervalPolicy, MailSettingsInput, MailSettingsView, NewsletterPolicy, PoolPolicy, PoolPreviewView } from '@pond/domain';
import { api, isApiError } from '../../api/client.js';
import { remindersKey } from '../account/reminders-api.js';
import { prospectsKey } from '../prospects/prospects-api.js';

export type { CoachingPolicy, IntervalPolicy, MailSettingsInput, NewsletterPolicy, PoolPolicy };
export type MailSettings = MailSettingsView;
export type PoolPreview = PoolPreviewView;
/** A team-wide policy as the API keeps it: the rules and the version a save must name. */
export interface PolicyEnvelope<P> {
  policy: P;
  version: number;
}
export type PoolPolicyEnvelope = PolicyEnvelope<PoolPolicy>;
export type IntervalPolicyEnvelope = PolicyEnvelope<IntervalPolicy>;
export type CoachingPolicyEnvelope = PolicyEnvelope<CoachingPolicy>;
export type NewsletterPolicyEnvelope = PolicyEnvelope<NewsletterPolicy>;

const mailKey = ['settings', 'mail'] as const;

/** What is stored now, which a STALE_VERSION answer carries: the envelope for the policies, the view for mail. */
export function staleCurrent<T>(err: unknown): T | undefined {
  return isApiError(err, 'STALE_VERSION') ? (err.details as { current?: T } | undefined)?.current : undefined;
}

/**
 * One policy under `/api/v1/settings/<path>`, read and saved the same way for all of them: a save names the version
 * it read (a save made elsewhere meanwhile fails with STALE_VERSION instead of being overwritten), and on success
 * the stored envelope replaces the cached one and the views that follow the policy are asked again.
 */
function policyHooks<P>(path: string, follows: readonly (readonly unknown[])[]) {
  const key = ['settings', path] as const;
  return {
    read: (enabled = true) => useQuery({ queryKey: key, queryFn: () => api.get<PolicyEnvelope<P>>(`/api/v1/settings/${path}`), enabled }),
    save: () => {
      const queryClient = useQueryClient();
      return useMutation({
        mutationFn: (input: PolicyEnvelope<P>) => api.put<PolicyEnvelope<P>>(`/api/v1/settings/${path}`, input),
        onSuccess: (saved) => {
          queryClient.setQueryData(key, saved);
          for (const queryKey of follows) void queryClient.invalidateQueries({ queryKey });
        },
      });
    },
  };
}

// Claim limits and hidden fields shape the pool's views.
const pool = policyHooks<PoolPolicy>('pool', [['pool']]);
export const usePoolPolicy = pool.read;
export const useSavePoolPolicy = pool.save;

export function previewPoolPolicy(policy: PoolPolicy): Promise<PoolPreview> {
  return api.post<PoolPreview>('/api/v1/settings/pool/preview', { policy });
}

// A prospect following the policy shows its interval and proposes its next date from it.
const interval = policyHooks<IntervalPolicy>('interval-policy', [prospectsKey, ['prospect']]);
export const useIntervalPolicy = interval.read;
export const useSaveIntervalPolicy = interval.save;

// The flags on the coaching pages follow the thresholds.
const coaching = policyHooks<CoachingPolicy>('coaching', [['coaching']]);
export const useCoachingPolicy = coaching.read;
export const useSaveCoachingPolicy = coaching.save;

// Who an issue reaches and why some are left out follow the caps and the consent rule.
const newsletters = policyHooks<NewsletterPolicy>('newsletters', [['newsletters']]);
export const useNewsletterPolicy = newsletters.read;
export const useSaveNewsletterPolicy = newsletters.save;

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

/** Removes the mail settings the form is based on (their version); Pond then sends nothing until they are set again. */
export function useClearMailSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => api.delete<MailSettings>(`/api/v1/settings/mail?version=${version}`),
    onSuccess: (cleared) => {
      queryClient.setQueryData(mailKey, cleared);
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
