/** @eternia/patch: validates and applies model-written diffs; never misapplies, explains every refusal. */
export type { PatchPolicy, PatchReport, Refusal, RefusalReason, Strategy, FileAction, AppliedFile, AppliedHunk } from './types.js';
export { applyPatch, type ApplyPatchOptions } from './engine.js';
export { DEFAULT_DENY } from './policy.js';
export { formatRefusals } from './report.js';
export { WHOLE_FILE_FORMAT_HELP } from './whole-file-block.js';
export { main, runCli, USAGE, type CliIo } from './cli.js';
