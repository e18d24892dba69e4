/**
 * Blocking findings going back to implement. The flow is a DAG, so there is no loop inside one run: the review
 * leaves its blocking findings in the dossier (review-feedback.json) when `review.feedback-rounds` allows one
 * more round, and the next run of implement on this PR (agent-step with steps implement,ci,review,…, or the
 * next flow run) reads them as feedback, but only while the branch head is still the one reviewed.
 */
import { z } from 'zod';
import type { Dossier } from '@eternia/dossier';
import { fenceUntrusted } from '@eternia/llm';
import { FindingSchema, type Finding } from '../quality/proposals.js';

export const REVIEW_FEEDBACK_FILE = 'review-feedback.json';

export const ReviewFeedbackSchema = z.strictObject({
  version: z.literal(1),
  runId: z.number().int().min(0),
  /** The head the review looked at: implement takes the feedback only on this commit. */
  headSha: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/),
  /** 1 for the first review of the PR; a review of a new head counts one more. */
  round: z.number().int().min(1),
  /** Whether this round may still go back to implement (round ≤ review.feedback-rounds). */
  open: z.boolean(),
  findings: z.array(FindingSchema),
});
export type ReviewFeedback = z.infer<typeof ReviewFeedbackSchema>;

/** The round of a review of `headSha`: a re-run on the same head keeps the round, a new head counts one more. */
export function nextRound(previous: ReviewFeedback | null, headSha: string): number {
  if (!previous) return 1;
  return previous.headSha === headSha ? previous.round : previous.round + 1;
}

export function readReviewFeedback(dossier: Dossier): ReviewFeedback | null {
  return dossier.readJson(REVIEW_FEEDBACK_FILE, ReviewFeedbackSchema);
}

/** The feedback implement uses on `headSha`, or null (none, closed, or about another commit). */
export function openFeedbackFor(dossier: Dossier, headSha: string): ReviewFeedback | null {
  const feedback = readReviewFeedback(dossier);
  if (!feedback || !feedback.open || feedback.headSha !== headSha || feedback.findings.length === 0) return null;
  return feedback;
}

/** The blocking findings as a prompt message for implement (model-written, so fenced as untrusted). */
export function feedbackMessage(feedback: ReviewFeedback): string {
  const text = feedback.findings
    .map((f: Finding) => `- ${f.path}:${f.startLine ? `${f.startLine}-` : ''}${f.line} ${f.title}\n  ${f.body.replace(/\n/g, '\n  ')}`)
    .join('\n');
  return [
    `A review of the current code (round ${feedback.round}) found blocking problems. Address them in your patch as well:`,
    fenceUntrusted('blocking review findings', text, 12_000),
  ].join('\n');
}
