/**
 * The quality steps (review, security-scan, scribe, publish-quality) as the report shows them, and the model
 * usage of every step of the timeline, from the ledger's entries by model role.
 */
import type { Dossier } from '@eternia/dossier';
import type { LedgerEntry } from '@eternia/llm';
import { DocsProposalSchema, QUALITY_PROPOSAL_FILES, ReviewProposalSchema, RUBRIC_KEYS, SecurityProposalSchema } from '../quality/proposals.js';
import { readView } from './dossier-views.js';
import type { FlowJob, FlowJobs } from './flow-jobs.js';

export type QualityStep = 'review' | 'security-scan' | 'scribe' | 'publish-quality';
export type TimelineStep = 'plan' | 'tests' | 'implement' | 'ci' | QualityStep;

export interface QualityRow {
  step: QualityStep;
  job: FlowJob | undefined;
  /** What the step's file or outputs say, as plain data (rendered escaped). */
  detail: string | null;
  hasFile: boolean;
  commit: string | null;
}

/** The model roles (ledger entries' `role`) of each step. */
const MODEL_ROLES: Record<TimelineStep, readonly string[]> = {
  plan: ['plan', 'planner'],
  tests: ['test-author', 'write-tests'],
  implement: ['implementer', 'implement'],
  ci: [],
  review: ['reviewer', 'review'],
  'security-scan': ['security', 'security-scan', 'security-fixer'],
  scribe: ['scribe'],
  'publish-quality': [],
};

export interface StepUsage {
  calls: number;
  tokens: number;
  costUsd: number;
}

export function usageByStep(entries: readonly LedgerEntry[]): Partial<Record<TimelineStep, StepUsage>> {
  const out: Partial<Record<TimelineStep, StepUsage>> = {};
  for (const [step, roles] of Object.entries(MODEL_ROLES) as Array<[TimelineStep, readonly string[]]>) {
    const mine = entries.filter((e) => roles.includes(e.role));
    if (mine.length === 0) continue;
    out[step] = {
      calls: mine.length,
      tokens: mine.reduce((n, e) => n + e.inputTokens + e.outputTokens, 0),
      costUsd: mine.reduce((n, e) => n + e.costUsd, 0),
    };
  }
  return out;
}

export function qualityRows(dossier: Dossier, jobs: FlowJobs, notes: string[]): QualityRow[] {
  const review = readView(dossier, QUALITY_PROPOSAL_FILES.review, ReviewProposalSchema, notes);
  const security = readView(dossier, QUALITY_PROPOSAL_FILES.security, SecurityProposalSchema, notes);
  const docs = readView(dossier, QUALITY_PROPOSAL_FILES.docs, DocsProposalSchema, notes);
  const rows: QualityRow[] = [];
  const add = (step: QualityStep, hasFile: boolean, detail: string | null, commit: string | null = null) => {
    // A step that is neither a job of this flow nor in the dossier is not part of this report.
    if (jobs[step] || hasFile) rows.push({ step, job: jobs[step], detail, hasFile, commit });
  };
  if (review) {
    const lowest = Math.min(...RUBRIC_KEYS.map((k) => review.rubric[k].score));
    const blocking = review.findings.filter((f) => f.severity === 'blocking').length;
    const dropped = Object.values(review.dropped).reduce((a, b) => a + b, 0);
    add(
      'review',
      true,
      `lowest score ${lowest}/5; ${review.findings.length} finding(s) on diff lines (${blocking} blocking), ${dropped} dropped before posting`,
    );
  } else add('review', false, null);
  if (security) {
    add('security-scan', true, `${security.findings.length} finding(s) on changed lines; ${security.fix ? 'a fix proposed' : 'no fix proposed'}`);
  } else add('security-scan', false, null);
  if (docs) add('scribe', true, docs.patch ? `docs update proposed: ${docs.patch.subject}` : `no docs change: ${docs.reason || 'no reason given'}`);
  else add('scribe', false, null);
  const publish = jobs['publish-quality'];
  const commit = publish?.outputs['commit'];
  const reviewId = publish?.outputs['review-id'];
  add(
    'publish-quality',
    false,
    publish?.result === 'success' || publish?.result === 'failure'
      ? `${reviewId ? `review ${reviewId} posted` : 'no new review comments'}${publish.result === 'failure' ? ' (failed: see its summary; below review.min-score?)' : ''}`
      : null,
    commit && /^[0-9a-f]{7,64}$/.test(commit) ? commit : null,
  );
  return rows;
}
