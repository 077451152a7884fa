import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CopyListView, CopyPreviewView, CopyView, ImageListView, ImageView, IssueInput, IssueListView, IssuePatch, IssueView, QuietReportView } from '@pond/domain';
import { api } from '../../api/client.js';

export type Issue = IssueView;
export type Copy = CopyView;
export type { CopyListView, CopyPreviewView, IssueInput, IssuePatch, QuietReportView };

export const newslettersKey = ['newsletters'] as const;
const issueKey = (id: number) => ['newsletters', 'one', id] as const;

export type ListTab = 'all' | 'signing' | 'review';

export function useIssueList(tab: ListTab) {
  return useQuery({
    queryKey: [...newslettersKey, 'list', tab],
    queryFn: () => {
      const params = new URLSearchParams({ limit: '50' });
      if (tab === 'signing') params.set('signing', 'true');
      if (tab === 'review') params.set('state', 'submitted');
      return api.get<IssueListView>(`/api/v1/newsletters?${params.toString()}`);
    },
    placeholderData: keepPreviousData,
  });
}

/** While an issue sends, it is asked again every two seconds: the progress moves on its own. */
export function useIssue(id: number) {
  return useQuery({
    queryKey: issueKey(id),
    queryFn: () => api.get<Issue>(`/api/v1/newsletters/${id}`),
    enabled: Number.isInteger(id) && id > 0,
    retry: false,
    refetchInterval: (q) => (q.state.data?.state === 'sending' ? 2000 : false),
  });
}

export function useCopies(id: number, excluded: boolean, live: boolean) {
  return useQuery({
    queryKey: [...issueKey(id), 'copies', excluded],
    queryFn: () => api.get<CopyListView>(`/api/v1/newsletters/${id}/copies?excluded=${excluded}&limit=200`),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 2000 : false,
  });
}

export function useQuietReport(enabled: boolean) {
  return useQuery({ queryKey: [...newslettersKey, 'quiet'], queryFn: () => api.get<QuietReportView>('/api/v1/newsletters/quiet-report'), enabled });
}

export function usePreview(copyId: number | null) {
  return useQuery({ queryKey: ['newsletter-copy', copyId, 'preview'], queryFn: () => api.get<CopyPreviewView>(`/api/v1/newsletter-copies/${copyId}/preview`), enabled: copyId !== null });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return (issue?: Issue) => {
    if (issue) queryClient.setQueryData(issueKey(issue.id), issue);
    void queryClient.invalidateQueries({ queryKey: newslettersKey });
  };
}

export function useCreateIssue() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (input: IssueInput) => api.post<Issue>('/api/v1/newsletters', input), onSuccess: refresh });
}

export function useUpdateIssue(id: number) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (patch: IssuePatch) => api.patch<Issue>(`/api/v1/newsletters/${id}`, patch), onSuccess: refresh });
}

/** The pictures uploaded into an issue. */
export function useIssueImages(id: number, enabled: boolean) {
  return useQuery({ queryKey: [...issueKey(id), 'images'], queryFn: () => api.get<ImageListView>(`/api/v1/newsletters/${id}/images`), enabled: enabled && id > 0 });
}

export function useUploadImage(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.upload<ImageView>(`/api/v1/newsletters/${id}/images?name=${encodeURIComponent(file.name)}`, file),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...issueKey(id), 'images'] }),
  });
}

export type IssueAction = 'audience' | 'submit' | 'send' | 'pause' | 'resume' | 'cancel' | 'review';

export function useIssueAction(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ action, body }: { action: IssueAction; body: Record<string, unknown> }) => api.post<Issue>(`/api/v1/newsletters/${id}/${action}`, body),
    onSuccess: refresh,
  });
}

export function useSetNote() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ copyId, note }: { copyId: number; note: string | null }) => api.put<Copy>(`/api/v1/newsletter-copies/${copyId}/note`, { note }), onSuccess: () => refresh(undefined) });
}

export function useDecide() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ copyId, decision }: { copyId: number; decision: 'mark_sent' | 'resend' }) => api.post<Copy>(`/api/v1/newsletter-copies/${copyId}/decide`, { decision }), onSuccess: () => refresh(undefined) });
}

/** Sent, failed, suppressed or unknown: no longer waiting. */
export function settled(issue: Issue): number {
  const c = issue.counts;
  return c.accepted + c.failed + c.suppressed + c.unknown;
}
