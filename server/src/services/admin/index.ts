import { StudioContext, type StudioDeps } from './context';
import { CountyAdminService } from './counties';
import { DiffService } from './diff';
import { DraftsService } from './drafts-service';
import { HistoryService } from './history';
import { PublishService } from './publish';

export type { StudioDeps } from './context';

/** The studio's services over one shared context (stores, repository bases, access). */
export function createStudio(deps: StudioDeps) {
  const ctx = new StudioContext(deps);
  const publish = new PublishService(ctx);
  return {
    counties: new CountyAdminService(ctx),
    drafts: new DraftsService(ctx),
    publish,
    history: new HistoryService(ctx, publish),
    diff: new DiffService(ctx),
  };
}

export type Studio = ReturnType<typeof createStudio>;
