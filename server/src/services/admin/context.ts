import type { Logger } from 'pino';
import { AppError } from '../../errors';
import type { Models } from '../../models';
import type { AccessPolicy } from '../access';
import type { AuthenticatedUser } from '../auth';
import type { Clock } from '../clock';
import type { CountyDirectory } from '../county-directory';
import type { DeploymentService } from '../deployments';
import { assertAdministers } from './admin-access';
import { loadCountyState, type CountyState } from './county-state';
import { DraftStore } from './drafts';
import { RepositoryBase } from './repository-base';
import { VersionStore } from './versions';
import type { ArtifactProblem } from './workspace';

export interface StudioDeps {
  models: Models;
  access: AccessPolicy;
  deployments: DeploymentService;
  counties: CountyDirectory;
  clock: Clock;
  logger: Logger;
  repoDir: string;
  /** Outside production a published county gets demo logins, as the repository's counties do at start. */
  seedDemoUsers: boolean;
}

/** What every studio service shares: the stores, the repository's bases, and the access check. */
export class StudioContext {
  readonly versions: VersionStore;
  readonly drafts: DraftStore;
  readonly base: RepositoryBase;

  constructor(readonly deps: StudioDeps) {
    this.versions = new VersionStore(deps.models);
    this.drafts = new DraftStore(deps.models, deps.clock);
    this.base = new RepositoryBase(deps.repoDir);
  }

  /** The county an admin may administer, with its deployed versions and drafts; 404 if it exists neither way. */
  async stateFor(user: AuthenticatedUser, countyId: string): Promise<CountyState> {
    assertAdministers(this.deps.access, user, countyId);
    const state = await loadCountyState(this.versions, this.drafts, countyId);
    if (!state.deployed.manifest && !state.drafts.manifest)
      throw new AppError('NOT_FOUND', 404, `县区 ${countyId} 不存在`);
    return state;
  }
}

/** Problems found by the lint, as a 400 whose details name each artifact, path and rule. */
export function refusal(message: string, problems: ArtifactProblem[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    400,
    message,
    problems.map(({ kind, artifactId, path, rule, message: text }) => ({
      path,
      message: text,
      rule,
      kind,
      artifactId,
    })),
  );
}
