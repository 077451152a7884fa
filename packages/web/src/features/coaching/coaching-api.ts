import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CoachRowView, CoachingReportView, DrillView, MeasureKey, PeriodPreset } from '@pond/domain';
import { api } from '../../api/client.js';

export type { MeasureKey, PeriodPreset };
export type CoachingReport = CoachingReportView;
export type CoachRow = CoachRowView;
export type Drill = DrillView;

/** What the page asks for: a preset or explicit days, and (for a manager or admin) one team. */
export interface CoachingChoice {
  preset?: PeriodPreset;
  from?: string;
  to?: string;
  teamId?: number;
}

export function coachingParams(choice: CoachingChoice): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(choice)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params;
}

export const coachingKey = ['coaching'] as const;

export function useCoaching(choice: CoachingChoice) {
  return useQuery({
    queryKey: [...coachingKey, choice],
    queryFn: () => api.get<CoachingReport>(`/api/v1/coaching?${coachingParams(choice).toString()}`),
    placeholderData: keepPreviousData,
  });
}

/** What a click on a number opens: whose number, which measure, over which days. */
export interface DrillTarget {
  userId: number;
  name: string;
  measure: MeasureKey;
  from: string;
  to: string;
}

export function useDrill(target: DrillTarget | null) {
  return useQuery({
    queryKey: [...coachingKey, 'drill', target],
    queryFn: () => {
      const t = target!;
      const params = new URLSearchParams({ userId: String(t.userId), measure: t.measure, from: t.from, to: t.to, limit: '200' });
      return api.get<Drill>(`/api/v1/coaching/drill?${params.toString()}`);
    },
    enabled: target !== null,
  });
}
