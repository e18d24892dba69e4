export { Dossier, type DossierMeta, type DossierOptions } from './dossier.js';
export {
  DOSSIER_SCHEMA,
  DOSSIER_VERSION,
  MANIFEST_FILE,
  ManifestSchema,
  RunEntrySchema,
  RunStatusSchema,
  FileEntrySchema,
  fileNameProblem,
  type DossierKey,
  type Manifest,
  type RunEntry,
  type RunStatus,
  type FileEntry,
} from './manifest.js';
export { DirectoryDossierStore, type DossierStore } from './directory-store.js';
export {
  ArtifactDossierStore,
  dossierArtifactName,
  dossierArtifactRevision,
  type ArtifactClientLike,
  type ArtifactLike,
  type ArtifactDossierStoreOptions,
  type FindBy,
} from './artifact-store.js';
export { readDossierFolder, writeDossierFolder } from './dossier-folder.js';
export { defaultArtifactClient, dossierStoreFromEnv, type StoreFromEnvOptions } from './store-from-env.js';
export { dossierFindBy } from './find-by.js';
export {
  DEFAULT_DOSSIER_WORKFLOWS,
  describeRefusal,
  originRefusal,
  runRefusal,
  workflowFile,
  type DossierOrigin,
  type ProvenanceCheck,
  type Refusal,
  type RunFacts,
  type TrustedRunRules,
} from './provenance.js';
export { assertDossierRun, checkDossierRun, namedRunError, readRunFacts, readTrustedRunRules, type RepoRef } from './trusted-run.js';
