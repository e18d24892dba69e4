export { runCi, ciRunStatus, type CiDeps, type CiOptions, type CiPull } from './run-ci.js';
export { CiRecordSchema, CI_FILE, CI_STATES, type CiRecord, type CiState, type CiFailing } from './ci-record.js';
export { failingOutput, type CiFailingOutput } from './ci-outputs.js';
export { renderCiSummary } from './render-ci-summary.js';
export { ownRunJobNames } from './own-run-jobs.js';
