export { k6Verdict, renderK6Report, type K6Verdict, type ThresholdResult } from './k6-summary.js';
export { breakingChanges, readOpenApi, renderOpenApiReport, type BreakingChange, type BreakingCode } from './openapi-breaking.js';
export { workspaceFile } from './workspace-file.js';
export { pullNumberFromEvent } from './pull-number.js';
export { requireChecks, SEED_REQUIRED_CHECKS, type RequiredChecksResult } from './required-checks.js';
