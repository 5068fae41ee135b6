import type { RouteObject } from 'react-router-dom';
import { StudioGuard } from './StudioGuard';

/**
 * The studio's pages, loaded on demand: the designer and the modeler (bpmn-js) stay out of everyone's
 * first page. Registered once in router.tsx; the menu entry shows only to admins (access.ts).
 */
const guarded =
  (load: () => Promise<React.ComponentType>): RouteObject['lazy'] =>
  async () => {
    const Page = await load();
    return {
      element: (
        <StudioGuard>
          <Page />
        </StudioGuard>
      ),
    };
  };

export const studioRoutes: RouteObject[] = [
  { path: '/studio', lazy: guarded(async () => (await import('./CountyListPage')).CountyListPage) },
  { path: '/studio/:county', lazy: guarded(async () => (await import('./CountyPage')).CountyPage) },
  {
    path: '/studio/:county/forms/:formId',
    lazy: guarded(async () => (await import('./FormEditorPage')).FormEditorPage),
  },
  {
    path: '/studio/:county/processes/:processId',
    lazy: guarded(async () => (await import('./ProcessEditorPage')).ProcessEditorPage),
  },
];
