export { runPublish, type PublishResult } from './run-publish.js';
export { renderPublishSummary } from './render-summary.js';
export type { PublishDeps } from './publish-deps.js';
export { publishGits } from './publish-git.js';
