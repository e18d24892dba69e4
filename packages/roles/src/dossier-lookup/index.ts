export {
  findLatestDossierRun,
  type DossierLookup,
  type DossierLookupDeps,
  type FindLatestDossierQuery,
  type LatestDossierRun,
} from './find-latest-dossier-run.js';
