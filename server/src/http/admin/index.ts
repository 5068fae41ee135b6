import type { Studio } from '../../services/admin';
import type { Api } from '../api';
import { registerAdminArtifactRoutes } from './artifacts';
import { registerAdminCountyRoutes } from './counties';
import { registerAdminPublishRoutes } from './publish';

/** The studio's API under /api/admin: drafts, publish, history, rollback and diff, per county. */
export function registerAdminRoutes(api: Api, studio: Studio): void {
  registerAdminCountyRoutes(api, studio);
  registerAdminArtifactRoutes(api, studio);
  registerAdminPublishRoutes(api, studio);
}
