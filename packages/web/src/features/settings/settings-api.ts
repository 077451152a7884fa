import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PoolPolicy, PoolPreviewView } from '@pond/domain';
import { api, isApiError } from '../../api/client.js';

export type { PoolPolicy };
export type PoolPreview = PoolPreviewView;
export interface PoolPolicyEnvelope {
  policy: PoolPolicy;
  version: number;
}

const poolPolicyKey = ['settings', 'pool'] as const;

export function usePoolPolicy(enabled: boolean) {
  return useQuery({ queryKey: poolPolicyKey, queryFn: () => api.get<PoolPolicyEnvelope>('/api/v1/settings/pool'), enabled });
}

export function previewPoolPolicy(policy: PoolPolicy): Promise<PoolPreview> {
  return api.post<PoolPreview>('/api/v1/settings/pool/preview', { policy });
}

/** The rules as stored now, which a STALE_VERSION answer carries. */
export function staleRules(err: unknown): PoolPolicyEnvelope | undefined {
  return isApiError(err, 'STALE_VERSION') ? (err.details as { current?: PoolPolicyEnvelope } | undefined)?.current : undefined;
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
