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
  if (isEnterpriseServer(env.GITHUB_SERVER_URL)) return enterpriseServerStore(env, options);
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

/**
 * GitHub Enterprise Server: @actions/artifact 2+ refuses to run there (GHESNotSupportedError), so the workflow
 * carries the dossier folder between jobs itself (download-artifact before the role, upload-artifact after it, both
 * at DOSSIER_DIR: docs/ghes.md) and the roles read and write that folder. Continuing another run's dossier
 * (`dossier-run-id`) is not possible there: the workflow downloads what it needs.
 */
function enterpriseServerStore(env: Record<string, string | undefined>, options: StoreFromEnvOptions): DossierStore {
  if (!env.DOSSIER_DIR) {
    throw new ConfigurationError(
      `is not set: on GitHub Enterprise Server (${env.GITHUB_SERVER_URL}) the Actions artifact service the dossier uses on github.com is unavailable, so the workflow must carry the dossier folder between jobs; set DOSSIER_DIR and download/upload it around each role (docs/ghes.md)`,
      'environment variable DOSSIER_DIR',
    );
  }
  if (options.findBy) {
    throw new ConfigurationError(
      `cannot be used on GitHub Enterprise Server: download that run's dossier into DOSSIER_DIR instead (docs/ghes.md)`,
      `input 'dossier-run-id'`,
    );
  }
  return new DirectoryDossierStore(env.DOSSIER_DIR);
}

/** The same rule as @actions/artifact's: github.com, GHE.com (data residency) and *.localhost are not GHES. */
export function isEnterpriseServer(serverUrl: string | undefined): boolean {
  if (!serverUrl) return false;
  let host: string;
  try {
    host = new URL(serverUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost');
}

/** @actions/artifact's client, loaded on first use: it is large and most code paths never touch it. */
export async function defaultArtifactClient(): Promise<ArtifactClientLike> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}
