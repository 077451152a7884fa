import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CommissionRuleInput,
  CommissionRuleView,
  ConfirmOrderInput,
  Currency,
  OrderInput,
  OrderPageView,
  OrderStatus,
  OrderSummaryView,
  OrderView,
  ProductCategory,
  ProductInput,
  ProductPatch,
  ProductView,
} from '@pond/domain';
import { api, isApiError } from '../../api/client.js';
import type { Items } from '../../api/types.js';
import { prospectsKey, todayKey } from '../prospects/prospects-api.js';

export type { CommissionRuleInput, ConfirmOrderInput, Currency, OrderInput, OrderStatus, ProductCategory, ProductInput, ProductPatch };
export type Order = OrderView;
export type OrderSummary = OrderSummaryView;
export type OrderPage = OrderPageView;
export type Product = ProductView;
export type CommissionRule = CommissionRuleView;

export const ordersKey = ['orders'] as const;
const orderKey = (id: number) => ['orders', 'one', id] as const;
const productsKey = ['products'] as const;
const rulesKey = ['commission-rules'] as const;

export interface OrderFilters {
  from?: string;
  to?: string;
  ownerId?: number;
  closedById?: number;
  status?: OrderStatus;
  productId?: number;
  prospectId?: number;
}

/** The filters as the list and its export spell them. */
export function orderParams(filters: OrderFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params;
}

export function useOrderList(filters: OrderFilters, limit = 50) {
  return useInfiniteQuery({
    queryKey: [...ordersKey, 'list', filters, limit],
    queryFn: ({ pageParam }) => {
      const params = orderParams(filters);
      params.set('limit', String(limit));
      if (pageParam) params.set('cursor', pageParam);
      return api.get<OrderPage>(`/api/v1/orders?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: number | null) {
  return useQuery({ queryKey: orderKey(id ?? 0), queryFn: () => api.get<Order>(`/api/v1/orders/${id}`), enabled: id !== null, retry: false });
}

/** The record as stored now, which a STALE_VERSION answer carries. */
export function staleOrder(err: unknown): Order | undefined {
  return isApiError(err, 'STALE_VERSION') ? (err.details as { current?: Order } | undefined)?.current : undefined;
}

/** After any change: the order itself, every list of orders, and the prospect whose stage and clock it may move. */
function useRefresh() {
  const queryClient = useQueryClient();
  return (order?: Order) => {
    void queryClient.invalidateQueries({ queryKey: ordersKey });
    if (!order) return;
    queryClient.setQueryData(orderKey(order.id), order);
    void queryClient.invalidateQueries({ queryKey: ['prospect', order.prospect.id] });
    void queryClient.invalidateQueries({ queryKey: prospectsKey });
    void queryClient.invalidateQueries({ queryKey: todayKey });
  };
}

export function useOrderMutations() {
  const refresh = useRefresh();
  const settle = (order: Order | undefined, err: unknown) => {
    // A stale version also refreshes, so what is shown next is what is stored.
    const current = order ?? staleOrder(err);
    refresh(current);
  };
  const create = useMutation({
    mutationFn: ({ prospectId, input }: { prospectId: number; input: OrderInput }) => api.post<Order>(`/api/v1/prospects/${prospectId}/orders`, input),
    onSuccess: (order) => refresh(order),
  });
  const update = useMutation({
    mutationFn: ({ id, version, input }: { id: number; version: number; input: Partial<OrderInput> }) => api.patch<Order>(`/api/v1/orders/${id}`, { version, ...input }),
    onSettled: (order, err) => settle(order, err),
  });
  const confirm = useMutation({
    mutationFn: ({ id, input }: { id: number; input: ConfirmOrderInput }) => api.post<Order>(`/api/v1/orders/${id}/confirm`, input),
    onSettled: (order, err) => settle(order, err),
  });
  const deliver = useMutation({
    mutationFn: ({ id, version, deliveredOn }: { id: number; version: number; deliveredOn?: string }) => api.post<Order>(`/api/v1/orders/${id}/deliver`, { version, ...(deliveredOn && { deliveredOn }) }),
    onSettled: (order, err) => settle(order, err),
  });
  const cancel = useMutation({
    mutationFn: ({ id, version, reason }: { id: number; version: number; reason: string }) => api.post<Order>(`/api/v1/orders/${id}/cancel`, { version, reason }),
    onSettled: (order, err) => settle(order, err),
  });
  return { create, update, confirm, deliver, cancel };
}

/** The catalogue: active products for the order form; with `all`, the retired ones too (the admin's card). */
export function useProducts(all = false) {
  return useQuery({ queryKey: [...productsKey, all], queryFn: () => api.get<Items<Product>>(`/api/v1/products${all ? '?all=true' : ''}`), staleTime: 60_000 });
}

export function useProductMutations() {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: productsKey });
  const create = useMutation({ mutationFn: (input: ProductInput) => api.post<Product>('/api/v1/products', input), onSuccess: refresh });
  const update = useMutation({
    mutationFn: ({ id, version, patch }: { id: number; version: number; patch: Omit<ProductPatch, 'version'> }) => api.patch<Product>(`/api/v1/products/${id}`, { version, ...patch }),
    onSettled: refresh,
  });
  return { create, update };
}

export function useCommissionRules() {
  return useQuery({ queryKey: rulesKey, queryFn: () => api.get<Items<CommissionRule>>('/api/v1/commission-rules') });
}

export function useAddCommissionRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CommissionRuleInput) => api.post<Items<CommissionRule>>('/api/v1/commission-rules', input),
    onSuccess: (answer) => {
      queryClient.setQueryData(rulesKey, answer);
      // A draft's commission preview is priced under the rules in force.
      void queryClient.invalidateQueries({ queryKey: ordersKey });
    },
  });
}
