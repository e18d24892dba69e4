import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { ArtifactDossierStore, type ArtifactClientLike, type FindBy } from './artifact-store.js';
import type { Dossier } from './dossier.js';
import { DirectoryDossierStore, type DossierStore } from './directory-store.js';

export interface StoreFromEnvOptions {
  /** A previous workflow run to continue from (see ArtifactDossierStore). */
  findBy?: FindBy;
  /** Refuses the dossier read from `findBy`'s run by throwing (see ArtifactDossierStoreOptions.checkEarlier). */
  checkEarlier?: (dossier: Dossier) => void;
  /** Overrides the lazily created @actions/artifact client (tests). */
  artifactClient?: ArtifactClientLike;
}

/**
 * Artifacts inside GitHub Actions (the runner sets ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL
 * for node actions), a folder everywhere else: DOSSIER_DIR, or RUNNER_TEMP/dossier.
 * Note that @actions/artifact itself reads those variables from process.env, not from `env`.
 */
export function dossierStoreFromEnv(env: Record<string, string | undefined> = process.env, options: StoreFromEnvOptions = {}): DossierStore {
  if (env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL) {
    return new ArtifactDossierStore({
      client: options.artifactClient ?? defaultArtifactClient,
      tempDir: env.RUNNER_TEMP || tmpdir(),
      ...(options.findBy ? { findBy: options.findBy } : {}),
      ...(options.checkEarlier ? { checkEarlier: options.checkEarlier } : {}),
    });
  }
  if (env.DOSSIER_DIR) return new DirectoryDossierStore(env.DOSSIER_DIR);
  if (env.RUNNER_TEMP) return new DirectoryDossierStore(join(env.RUNNER_TEMP, 'dossier'));
  throw new ConfigurationError(
    'no place to keep the dossier: outside GitHub Actions set DOSSIER_DIR (or RUNNER_TEMP) to a writable folder',
    'environment variable DOSSIER_DIR',
  );
}

/** @actions/artifact's client, loaded on first use: it is large and most code paths never touch it. */
export async function defaultArtifactClient(): Promise<ArtifactClientLike> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}
