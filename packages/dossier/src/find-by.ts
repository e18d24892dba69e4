import type { FindBy } from './artifact-store.js';

/**
 * The `findBy` for ArtifactDossierStore / dossierStoreFromEnv that continues from another run's dossier,
 * or undefined when no run id was given. The token needs actions: read on the repository.
 */
export function dossierFindBy(options: { token: string; runId: number | undefined; owner: string; repo: string }): FindBy | undefined {
  if (options.runId === undefined || options.runId === 0) return undefined;
  return { token: options.token, workflowRunId: options.runId, repositoryOwner: options.owner, repositoryName: options.repo };
}
