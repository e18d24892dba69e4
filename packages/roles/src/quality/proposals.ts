/**
 * What the quality jobs (review, security-scan, scribe) hand to the publish job. Those jobs hold no write token:
 * review and security-scan propose comments, security-scan and scribe propose patches. Publish validates each
 * (patches against the default branch's policy, comment lines against the PR's diff) before anything is written.
 */
import { z } from 'zod';

export const QUALITY_PROPOSAL_FILES = {
  review: 'proposal-review.json',
  security: 'proposal-security.json',
  docs: 'proposal-docs.json',
} as const;
export type QualityProposalKind = keyof typeof QUALITY_PROPOSAL_FILES;

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'must be a full commit sha');

/** One comment meant for a line of the PR's diff (the head side). */
export const FindingSchema = z.strictObject({
  /** Where it came from: the model's review or a scanner rule. */
  source: z.enum(['review', 'security']),
  path: z.string().min(1),
  /** Line in the head version of `path`; must be a line of the diff or the API refuses the comment. */
  line: z.number().int().min(1),
  /** First line of a multi-line range ending at `line`. */
  startLine: z.number().int().min(1).optional(),
  severity: z.enum(['blocking', 'nit']),
  title: z.string().min(1).max(200),
  body: z.string().max(4_000),
  /** Replacement text for the lines startLine..line (a ```suggestion block). */
  suggestion: z.string().max(20_000).optional(),
  /** Scanner rule id (security findings). */
  rule: z.string().max(200).optional(),
  /** Stable across re-runs (path, rule or title, the line's text): a finding already posted is not posted again. */
  fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/),
});
export type Finding = z.infer<typeof FindingSchema>;

/** A patch a quality job tested in its own checkout; publish applies it like implement's. */
export const QualityPatchSchema = z.strictObject({
  /** The commit the patch was made on. */
  baseSha: sha,
  patch: z.string().min(1).max(2_000_000),
  files: z.array(z.string().min(1)).min(1),
  subject: z.string().min(1).max(200),
  body: z.string().max(20_000),
});
export type QualityPatch = z.infer<typeof QualityPatchSchema>;

const common = {
  version: z.literal(1),
  /** The workflow run that made it: publish takes proposals of its own run only. */
  runId: z.number().int().min(0),
  /** The PR head the job looked at. */
  headSha: sha,
};

const RubricItemSchema = z.strictObject({ score: z.number().int().min(1).max(5), reason: z.string().min(1).max(300) });
export const RUBRIC_KEYS = ['correctness', 'tests', 'style', 'performance', 'security', 'docs'] as const;
export const RubricSchema = z.strictObject(
  Object.fromEntries(RUBRIC_KEYS.map((key) => [key, RubricItemSchema])) as Record<(typeof RUBRIC_KEYS)[number], typeof RubricItemSchema>,
);
export type Rubric = z.infer<typeof RubricSchema>;

export const ReviewProposalSchema = z.strictObject({
  ...common,
  kind: z.literal('review'),
  rubric: RubricSchema,
  findings: z.array(FindingSchema),
  /** Model findings dropped before any API call, by reason (e.g. 'outside-diff'). */
  dropped: z.record(z.string(), z.number().int().min(0)),
  summary: z.string().max(20_000),
});
export type ReviewProposal = z.infer<typeof ReviewProposalSchema>;

export const SecurityProposalSchema = z.strictObject({
  ...common,
  kind: z.literal('security'),
  /** Fixes that applied through the patch engine and made their finding disappear on a re-check. */
  fix: QualityPatchSchema.nullable(),
  /** Findings on changed lines that were not fixed: posted as review comments. Never a secret's value. */
  findings: z.array(FindingSchema),
  counts: z.record(z.string(), z.number().int().min(0)),
  summary: z.string().max(20_000),
});
export type SecurityProposal = z.infer<typeof SecurityProposalSchema>;

export const DocsProposalSchema = z.strictObject({
  ...common,
  kind: z.literal('docs'),
  /** null: the change needs no docs; `reason` says why. */
  patch: QualityPatchSchema.nullable(),
  reason: z.string().max(2_000),
});
export type DocsProposal = z.infer<typeof DocsProposalSchema>;
