export { findLatestDossierRun, type FindLatestDossierQuery, type LatestDossierRun } from './find-latest-dossier-run.js';
