import { Outlet, createBrowserRouter } from 'react-router-dom';
import { AuthProvider, RequireAuth } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './pages/LoginPage';
import { InboxPage } from './pages/InboxPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { ProjectPage } from './pages/ProjectPage';
import { InstancePage } from './pages/InstancePage';
import { MonitoringRoundPage } from './pages/finance/MonitoringRoundPage';
import { SubmissionsPage } from './pages/finance/SubmissionsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { studioRoutes } from './pages/studio/routes';
import { systemRoutes } from './pages/system/routes';
import { ChangePasswordPage } from './pages/account/ChangePasswordPage';
import { ProfilePage } from './pages/account/ProfilePage';

/** A data router, so the task page can block in-app navigation while changes are unsaved (useBlocker). */
export const router = createBrowserRouter([
  {
    element: (
      <AuthProvider>
        <Outlet />
      </AuthProvider>
    ),
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        path: '/password',
        element: (
          <RequireAuth>
            <ChangePasswordPage />
          </RequireAuth>
        ),
      },
      {
        path: '/tasks/:id/print',
        lazy: async () => {
          const { PrintPage } = await import('./pages/task/PrintPage');
          return {
            element: (
              <RequireAuth>
                <PrintPage />
              </RequireAuth>
            ),
          };
        },
      },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { path: '/', element: <InboxPage status="open" /> },
          { path: '/done', element: <InboxPage status="completed" /> },
          { path: '/projects', element: <ProjectsPage /> },
          { path: '/projects/:id', element: <ProjectPage /> },
          { path: '/instances/:id', element: <InstancePage /> },
          // Forms (Formily, the renderer, the compiler) load with the task page, not with the inbox.
          {
            path: '/tasks/:id',
            lazy: async () => ({ Component: (await import('./pages/task/TaskPage')).TaskPage }),
          },
          { path: '/finance/rounds', element: <MonitoringRoundPage /> },
          { path: '/finance/submissions', element: <SubmissionsPage /> },
          // ECharts loads with the county view only.
          {
            path: '/statistics',
            lazy: async () => ({
              Component: (await import('./pages/statistics/CountyViewPage')).CountyViewPage,
            }),
          },
          {
            path: '/data',
            lazy: async () => ({ Component: (await import('./pages/data/DataPage')).DataPage }),
          },
          ...studioRoutes,
          ...systemRoutes,
          { path: '/profile', element: <ProfilePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
