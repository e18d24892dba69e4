/**
 * What GitHub's REST artifact routes need from the artifact store, per repository: the GitHub emulator takes
 * one of these so `GET /repos/{o}/{r}/actions/artifacts`, `…/runs/{id}/artifacts`, `…/artifacts/{id}` and
 * `…/artifacts/{id}/zip` answer from the same artifacts the runs made.
 */
import type { ArtifactStore, StoredArtifact } from '../workflow/artifact-store.js';

export interface CatalogArtifact {
  id: number;
  name: string;
  runId: number;
  sizeInBytes: number;
  /** `sha256:<hex>` of the zip. */
  digest: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  /** The job that uploaded it ('' when unknown). */
  job: string;
}

export interface ArtifactCatalog {
  /** Newest first (highest id), expired ones included as GitHub lists them. */
  list(repository: string, filter?: { name?: string; runId?: number }): CatalogArtifact[];
  get(repository: string, id: number): CatalogArtifact | undefined;
  /** Where `GET …/artifacts/{id}/zip` redirects (302): a signed, short-lived blob URL. Undefined when unknown or expired. */
  downloadUrl(repository: string, id: number): string | undefined;
  /** The blob itself, for a server that would rather answer with bytes than redirect. */
  zip(repository: string, id: number): { body: Buffer; contentType: string; fileName: string } | undefined;
  /** false when there is no such artifact. */
  delete(repository: string, id: number): boolean;
}

/** GitHub's default retention, used for expires_at when an upload set none. */
const DEFAULT_RETENTION_MS = 90 * 86_400_000;

/** Repository names compare case-insensitively; an artifact stored without one belongs to any (hand-made stores in tests). */
function ownedBy(artifact: StoredArtifact, repository: string): boolean {
  return artifact.repository === '' || artifact.repository.toLowerCase() === repository.toLowerCase();
}

export function createArtifactCatalog(store: ArtifactStore, signedDownloadUrl: (artifact: StoredArtifact) => string): ArtifactCatalog {
  const shape = (a: StoredArtifact): CatalogArtifact => ({
    id: a.id,
    name: a.name,
    runId: a.runId,
    sizeInBytes: a.size,
    digest: a.digest,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt ?? new Date(Date.parse(a.createdAt) + DEFAULT_RETENTION_MS).toISOString(),
    expired: store.isExpired(a),
    job: a.job,
  });
  const live = (repository: string, id: number): StoredArtifact | undefined => {
    const artifact = store.get(id);
    return artifact && ownedBy(artifact, repository) ? artifact : undefined;
  };
  return {
    list: (repository, filter = {}) =>
      store
        .list(filter.runId, { includeExpired: true })
        .filter((a) => ownedBy(a, repository) && (filter.name === undefined || a.name === filter.name))
        .sort((a, b) => b.id - a.id)
        .map(shape),
    get: (repository, id) => {
      const artifact = live(repository, id);
      return artifact && shape(artifact);
    },
    downloadUrl: (repository, id) => {
      const artifact = live(repository, id);
      return artifact && !store.isExpired(artifact) ? signedDownloadUrl(artifact) : undefined;
    },
    zip: (repository, id) => {
      const artifact = live(repository, id);
      if (!artifact || store.isExpired(artifact)) return undefined;
      return {
        body: store.readBlob(artifact),
        contentType: artifact.contentType,
        fileName: artifact.archived ? `${artifact.name}.zip` : artifact.name,
      };
    },
    delete: (repository, id) => (live(repository, id) ? store.delete(id) : false),
  };
}
