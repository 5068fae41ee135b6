/**
 * Repository vs studio: the repository is deployed at every start, and an administrator may have
 * published a newer version of the same artifact in the studio since. A restart must not silently
 * revert that publish, so the repository only wins where the repository itself changed.
 */
export type ArtifactSource = 'repository' | 'studio';

/** What is stored of an artifact's newest version, as far as this rule needs. */
export interface NewestVersion {
  hash: string;
  version: number;
  source: ArtifactSource;
  /** The repository's hash when this version was stored, or when the repository last caught up with it. */
  repositoryHash?: string | null;
}

export type RepositoryDecision =
  /** No version yet, or the repository changed and the newest version is what it had before: store it. */
  | 'create'
  /** The newest version already has the repository's content. */
  | 'unchanged'
  /** The repository now equals the newest studio version (e.g. after `pm export`): remember that. */
  | 'adopt'
  /** The repository did not change since its last deploy; the newer studio version stays. */
  | 'kept-studio'
  /** Both changed: the studio version stays, and the deploy reports it so someone reconciles them. */
  | 'conflict';

/** The repository content this version was measured against; versions stored before the rule existed count as their own. */
export function lastRepositoryHash(newest: NewestVersion): string | undefined {
  return newest.repositoryHash ?? (newest.source === 'repository' ? newest.hash : undefined);
}

export function decideRepositoryVersion(repositoryHash: string, newest?: NewestVersion): RepositoryDecision {
  if (!newest) return 'create';
  const seen = lastRepositoryHash(newest);
  if (newest.hash === repositoryHash) return seen === repositoryHash ? 'unchanged' : 'adopt';
  // The repository last had exactly the newest version (it came from there, or caught up with the
  // studio): only the repository moved since, so it wins.
  if (newest.source === 'repository' || seen === newest.hash) return 'create';
  return seen === repositoryHash ? 'kept-studio' : 'conflict';
}
