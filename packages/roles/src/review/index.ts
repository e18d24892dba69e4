export { runReview, placeFindings, type ReviewDeps, type ReviewResult } from './run-review.js';
export { renderReviewSummary, renderRubricTable } from './render-summary.js';
export { parseGitDiff, commentableLines, headLineText, type DiffFile, type DiffHunk, type DiffLine } from './diff-files.js';
export { chunkDiff, estimateTokens, type DiffChunk, type DiffPiece } from './chunk-diff.js';
export { findingFingerprint, fingerprintMarker, fingerprintsIn } from './fingerprint.js';
export { ReviewAnswerSchema, REVIEW_SCHEMA_NAME, type ReviewAnswer } from './answer-schema.js';
export {
  REVIEW_FEEDBACK_FILE,
  ReviewFeedbackSchema,
  readReviewFeedback,
  openFeedbackFor,
  feedbackMessage,
  nextRound,
  type ReviewFeedback,
} from './feedback.js';
export * from '../quality/proposals.js';
export { reviewGit } from './review-git.js';
