/** An emulator of GitHub's Actions results service (what @actions/artifact talks to), over the job-graph runner's artifact store. */
export { startResultsService, type ResultsService, type ResultsServiceOptions, type ResultsRequest } from './results-service.js';
export { createArtifactCatalog, type ArtifactCatalog, type CatalogArtifact } from './artifact-catalog.js';
export { createArtifactRestHandler, answerArtifactRoute, restArtifactShape, type RestReply, type RunRef } from './rest-routes.js';
export { mintRuntimeToken, verifyRuntimeToken, type RuntimeTokenClaims, type RuntimeIdentity } from './runtime-token.js';
export { runBackendId, runIdFromBackendId, jobBackendId } from './backend-ids.js';
export { ARTIFACT_SERVICE, ARTIFACT_METHODS, type ArtifactMethod } from './artifact-service.js';
