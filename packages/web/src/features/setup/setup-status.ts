import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';

export const setupStatusKey = ['setup-status'] as const;

export function useSetupStatus() {
  return useQuery({
    queryKey: setupStatusKey,
    queryFn: () => api.get<{ needsSetup: boolean }>('/api/v1/setup/status'),
    staleTime: Infinity,
  });
}
