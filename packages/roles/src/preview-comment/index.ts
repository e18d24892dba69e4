export { pullFromEvent, renderPreviewTable, runPreviewComment, PREVIEW_COMMENT_KEY } from './run-preview-comment.js';
export type { PreviewDeps, PreviewResult, PreviewRow, PreviewSettings } from './run-preview-comment.js';
