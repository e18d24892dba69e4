export { runPublish, type PublishResult } from './run-publish.js';
export { renderPublishSummary, renderQualitySummary } from './render-summary.js';
export type { PublishDeps } from './publish-deps.js';
export { publishGits } from './publish-git.js';
export {
  runPublishQuality,
  gateFailure,
  prefixedSubject,
  SECURITY_SARIF_FILE,
  type PublishQualityDeps,
  type PublishQualityResult,
  type Placement,
} from './run-publish-quality.js';
export { findingBody, rubricComment, RUBRIC_STICKY_KEY, REVIEW_MARKER } from './quality-comments.js';
