import { useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { useTodayDate } from './due-date.js';
import type { Prospect, Touch } from './prospect-types.js';
import { TouchDrawer, type TouchTarget } from './touch-drawer.js';

/** What opening the touch drawer needs of a prospect; the interval may be unknown when it follows the policy. */
export interface TouchSubject {
  id: number;
  name: string;
  company: string | null;
  intervalDays: number | null;
}

/**
 * The touch drawer for any row that shows a prospect (Today, the list, the pool warning): the drawer proposes the
 * user's today plus the prospect's interval, read from the record when the row does not carry it.
 */
export function useTouchLauncher(): { open: (subject: TouchSubject, today?: string) => Promise<void>; drawer: ReactNode } {
  const queryClient = useQueryClient();
  const ownToday = useTodayDate();
  const [target, setTarget] = useState<TouchTarget | null>(null);
  const open = async (subject: TouchSubject, today = ownToday) => {
    const intervalDays =
      subject.intervalDays ??
      (
        await queryClient
          .fetchQuery({ queryKey: ['prospect', subject.id], queryFn: () => api.get<{ prospect: Prospect; touches: Touch[] }>(`/api/v1/prospects/${subject.id}`) })
          .catch(() => null)
      )?.prospect.effectiveIntervalDays ??
      30;
    setTarget({ id: subject.id, name: subject.name, company: subject.company, today, intervalDays });
  };
  return { open, drawer: <TouchDrawer target={target} onClose={() => setTarget(null)} /> };
}
