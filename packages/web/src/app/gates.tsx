import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n-context.js';
import { useQueryClient } from '@tanstack/react-query';
import { signedOutKey, useMe, UserContext, useUser } from '../features/auth/session.js';
import { SetupNeededPage } from '../features/setup/setup-needed-page.js';
import { useSetupStatus } from '../features/setup/setup-status.js';
import { FullPageSpin } from './full-page-spin.js';
import { NotFoundPage } from './not-found-page.js';
import { useErrorText } from './use-error-text.js';
import type { Capability } from '@pond/domain';

/** Before anything else: a fresh install has no users and only the printed setup link can create the first one. */
export function SetupGate() {
  const status = useSetupStatus();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <LoadFailed error={status.error} retry={() => void status.refetch()} />;
  const onSetupLink = pathname === '/setup' && Boolean(params.get('token'));
  if (status.data.needsSetup && !onSetupLink) return <SetupNeededPage />;
  if (!status.data.needsSetup && pathname === '/setup') return <Navigate to="/login" replace />;
  return <Outlet />;
}

/** Pages for signed-out visitors only (sign-in, setup): a signed-in user goes straight in. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.data) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from.startsWith('/') ? from : '/today'} replace />;
  }
  return children;
}

export function RequireUser() {
  const me = useMe();
  const queryClient = useQueryClient();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) return <LoadFailed error={me.error} retry={() => void me.refetch()} />;
  if (!me.data) {
    // After a deliberate sign-out the next person starts fresh; after an expired session, return where the user was.
    const signedOut = queryClient.getQueryData(signedOutKey) === true;
    return <Navigate to="/login" replace state={signedOut ? { signedOut } : { from: location.pathname + location.search }} />;
  }
  return (
    <UserContext.Provider value={me.data}>
      <Outlet />
    </UserContext.Provider>
  );
}

/**
 * Pages for one role rule (administration, the team view) answer like a missing page for anyone the rule
 * refuses, as the server does. The rule is the server's answer for the signed-in user (`can`).
 */
export function RequireCan({ capability }: { capability: Capability }) {
  const user = useUser();
  return user.can[capability] ? <Outlet /> : <NotFoundPage />;
}

function LoadFailed({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (
    <Result
      status="warning"
      title={errorText(error)}
      extra={
        <Button type="primary" onClick={retry}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}
