import { createBrowserRouter, Navigate } from 'react-router';
import { AccountPage } from '../features/account/account-page.js';
import { UsersPage } from '../features/admin-users/users-page.js';
import { TeamsPage } from '../features/admin-teams/teams-page.js';
import { AuditPage } from '../features/audit/audit-page.js';
import { LoginPage } from '../features/auth/login-page.js';
import { CheckInPage } from '../features/events/check-in-page.js';
import { EventPage } from '../features/events/event-page.js';
import { EventsPage } from '../features/events/events-page.js';
import { IssuePage } from '../features/newsletters/issue-page.js';
import { NewslettersPage } from '../features/newsletters/newsletters-page.js';
import { ImportPage } from '../features/import/import-page.js';
import { OrdersPage } from '../features/orders/orders-page.js';
import { ProspectDetailPage } from '../features/prospects/prospect-detail-page.js';
import { ProspectsPage } from '../features/prospects/prospects-page.js';
import { PoolDetailPage } from '../features/pool/pool-detail-page.js';
import { PoolPage } from '../features/pool/pool-page.js';
import { SettingsPage } from '../features/settings/settings-page.js';
import { SetupPage } from '../features/setup/setup-page.js';
import { MemberTodayPage } from '../features/team/member-today-page.js';
import { TeamPage } from '../features/team/team-page.js';
import { TodayPage } from '../features/today/today-page.js';
import { GuestOnly, RequireCan, RequireUser, SetupGate } from './gates.js';
import { NotFoundPage } from './not-found-page.js';
import { Shell } from './shell.js';

export const router = createBrowserRouter([
  {
    element: <SetupGate />,
    children: [
      {
        path: '/login',
        element: (
          <GuestOnly>
            <LoginPage />
          </GuestOnly>
        ),
      },
      {
        path: '/setup',
        element: (
          <GuestOnly>
            <SetupPage />
          </GuestOnly>
        ),
      },
      {
        element: <RequireUser />,
        children: [
          {
            element: <Shell />,
            children: [
              { index: true, element: <Navigate to="/today" replace /> },
              { path: '/today', element: <TodayPage /> },
              {
                path: '/team',
                element: <RequireCan capability="viewTeam" />,
                children: [
                  { index: true, element: <TeamPage /> },
                  { path: ':id', element: <MemberTodayPage /> },
                ],
              },
              { path: '/prospects', element: <ProspectsPage /> },
              { path: '/prospects/import', element: <ImportPage /> },
              { path: '/prospects/:id', element: <ProspectDetailPage /> },
              { path: '/pool', element: <PoolPage /> },
              { path: '/pool/:id', element: <PoolDetailPage /> },
              { path: '/orders', element: <OrdersPage /> },
              { path: '/events', element: <EventsPage /> },
              { path: '/events/:id', element: <EventPage /> },
              { path: '/events/:id/check-in', element: <CheckInPage /> },
              { path: '/newsletters', element: <NewslettersPage /> },
              { path: '/newsletters/:id', element: <IssuePage /> },
              // Coaching's charts load with its pages, not with everyone's first screen.
              { path: '/coaching', lazy: async () => ({ Component: (await import('../features/coaching/coaching-page.js')).CoachingPage }) },
              {
                path: '/coaching/pk',
                element: <RequireCan capability="viewTeam" />,
                children: [{ index: true, lazy: async () => ({ Component: (await import('../features/coaching/pk-page.js')).PkPage }) }],
              },
              { path: '/settings', element: <SettingsPage /> },
              { path: '/account', element: <AccountPage /> },
              {
                path: '/admin',
                children: [
                  { index: true, element: <Navigate to="/admin/users" replace /> },
                  { path: 'users', element: <RequireCan capability="manageUsers" />, children: [{ index: true, element: <UsersPage /> }] },
                  { path: 'teams', element: <RequireCan capability="manageTeams" />, children: [{ index: true, element: <TeamsPage /> }] },
                  { path: 'audit', element: <RequireCan capability="readAudit" />, children: [{ index: true, element: <AuditPage /> }] },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
