import { Outlet, createBrowserRouter } from 'react-router-dom';
import { AuthProvider, RequireAuth } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './pages/LoginPage';
import { InboxPage } from './pages/InboxPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { ProjectPage } from './pages/ProjectPage';
import { InstancePage } from './pages/InstancePage';
import { TaskPage } from './pages/task/TaskPage';
import { PrintPage } from './pages/task/PrintPage';
import { MonitoringRoundPage } from './pages/finance/MonitoringRoundPage';
import { SubmissionsPage } from './pages/finance/SubmissionsPage';
import { NotFoundPage } from './pages/NotFoundPage';

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
        path: '/tasks/:id/print',
        element: (
          <RequireAuth>
            <PrintPage />
          </RequireAuth>
        ),
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
          { path: '/tasks/:id', element: <TaskPage /> },
          { path: '/finance/rounds', element: <MonitoringRoundPage /> },
          { path: '/finance/submissions', element: <SubmissionsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
