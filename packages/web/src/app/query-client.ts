import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client.js';
import { meKey } from '../features/auth/session.js';

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A session that ends while the app is open (expiry, password change elsewhere) sends the user to sign in.
        if (isApiError(error) && error.status === 401 && query.queryKey[0] !== meKey[0]) client.setQueryData(meKey, null);
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !(isApiError(error) && error.status > 0 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
  return client;
}
