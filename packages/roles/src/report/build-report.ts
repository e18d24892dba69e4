import type { Dossier } from '@eternia/dossier';
import type { LedgerEntry, LedgerTotals } from '@eternia/llm';
import { CI_FILE, CiRecordSchema, type CiState } from '../ci/ci-record.js';
import { ImplementEvidenceSchema, TestsEvidenceSchema } from '../delivery/evidence.js';
import { PLAN_FILE, PlanFileSchema } from '../plan/plan-schema.js';
import { readView } from './dossier-views.js';
import type { FlowJob, FlowJobs } from './flow-jobs.js';
import { qualityRows, usageByStep, type QualityRow, type StepUsage, type TimelineStep } from './quality-view.js';

/** How far a stage of the flow got. */
export type StageState = 'done' | 'escalated' | 'frozen' | 'failed' | 'cancelled' | 'skipped' | 'not-run';

export interface FlowReport {
  pr: number;
  issue: number;
  headSha: string;
  plan: { state: StageState; summary: string | null; criteria: string[]; criteriaCount: number | null; commentId: number | null };
  tests: { state: StageState; commit: string | null; failing: string[] };
  implement: {
    state: StageState;
    status: 'green' | 'escalated' | 'frozen' | null;
    commit: string | null;
    attempts: number | null;
    passing: string[];
    reason: string | null;
  };
  ci: { state: StageState; result: CiState | null; sha: string | null; message: string | null; failing: string[] };
  /** review, security-scan, scribe, publish-quality: those that ran in this flow or left a file. */
  quality: Array<QualityRow & { state: StageState }>;
  /** Model calls, tokens and cost of each step, from the ledger. */
  usage: Partial<Record<TimelineStep, StepUsage>>;
  ledger: LedgerTotals | null;
  /** The freeze label is on the PR or the issue now. */
  frozenNow: boolean;
  /** Files that could not be read, outputs that did not parse. */
  notes: string[];
}

export interface BuildReportInput {
  pr: number;
  issue: number;
  headSha: string;
  dossier: Dossier;
  /** toJSON(needs) of agent-flow, keyed by job id (plan, write-tests, implement, verify); {} when run on its own. */
  jobs: FlowJobs;
  ledger: LedgerTotals | null;
  /** The ledger's calls, for each step's tokens and cost; none: no per-step figures. */
  ledgerEntries?: readonly LedgerEntry[];
  frozenNow: boolean;
}

/** Puts together what the dossier and the jobs of this run say about each stage. */
export function buildReport(input: BuildReportInput): FlowReport {
  const { dossier, jobs } = input;
  const notes: string[] = [];
  const plan = readView(dossier, PLAN_FILE, PlanFileSchema, notes);
  const tests = readView(dossier, 'tests.json', TestsEvidenceSchema, notes);
  const implement = readView(dossier, 'implement.json', ImplementEvidenceSchema, notes);
  const ci = readView(dossier, CI_FILE, CiRecordSchema, notes);

  const planJob = jobs['plan'];
  const testsJob = jobs['write-tests'];
  const implementJob = jobs['implement'];
  const verifyJob = jobs['verify'];

  const criteria = plan?.plan.acceptance_criteria.map((c) => c.id) ?? [];
  const status = implement?.status ?? implementStatus(implementJob?.outputs['status'], notes);
  const implementState: StageState =
    status === 'escalated' ? 'escalated' : status === 'frozen' ? 'frozen' : stageState(implementJob, implement !== null);

  return {
    pr: input.pr,
    issue: input.issue,
    headSha: input.headSha,
    plan: {
      state: stageState(planJob, plan !== null),
      summary: plan?.plan.summary ?? null,
      criteria,
      // The plan action's acceptance-criteria output is a count.
      criteriaCount: plan ? criteria.length : numberOrNull(planJob?.outputs['acceptance-criteria']),
      commentId: plan?.comment_id ?? numberOrNull(planJob?.outputs['plan-comment-id']),
    },
    tests: {
      state: stageState(testsJob, tests !== null),
      commit: tests?.commit ?? sha(testsJob?.outputs['commit']),
      failing: tests?.failing.map((t) => t.id) ?? idList(testsJob?.outputs['failing-tests'], 'write-tests.failing-tests', notes),
    },
    implement: {
      state: implementState,
      status,
      commit: implement?.commit ?? sha(implementJob?.outputs['commit']),
      attempts: implement?.attempts ?? numberOrNull(implementJob?.outputs['attempts']),
      passing: implement?.passing ?? [],
      reason: implement?.status === 'escalated' ? implement.summary || null : null,
    },
    ci: {
      state: ci?.state === 'frozen' ? 'frozen' : stageState(verifyJob, ci !== null),
      result: ci?.state ?? ciState(verifyJob?.outputs['state']),
      sha: ci?.sha ?? null,
      message: ci?.message ?? null,
      failing: ci?.failing.map((f) => f.name) ?? [],
    },
    quality: qualityRows(dossier, jobs, notes).map((row) => ({ ...row, state: stageState(row.job, row.hasFile || row.detail !== null) })),
    usage: usageByStep(input.ledgerEntries ?? []),
    ledger: input.ledger,
    frozenNow: input.frozenNow,
    notes,
  };
}

/**
 * A job's result wins over the dossier: a job that failed in this run failed, even if an earlier
 * run left its file. Without a job (run on its own) the file says whether the stage ever ran.
 */
function stageState(job: FlowJob | undefined, hasFile: boolean): StageState {
  if (job?.outputs['frozen'] === 'true') return 'frozen';
  switch (job?.result) {
    case 'failure':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    case 'success':
      return hasFile ? 'done' : 'not-run';
    case 'skipped':
      return hasFile ? 'done' : 'skipped';
    default:
      return hasFile ? 'done' : 'not-run';
  }
}

function implementStatus(value: string | undefined, notes: string[]): 'green' | 'escalated' | 'frozen' | null {
  if (!value) return null;
  if (value === 'green' || value === 'escalated' || value === 'frozen') return value;
  notes.push(`implement's status output ${JSON.stringify(value.slice(0, 40))} is not green, escalated or frozen`);
  return null;
}

function ciState(value: string | undefined): CiState | null {
  return value === 'success' || value === 'failure' || value === 'pending-timeout' || value === 'no-checks' || value === 'frozen' ? value : null;
}

function numberOrNull(value: string | undefined): number | null {
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

function sha(value: string | undefined): string | null {
  return value && /^[0-9a-f]{7,64}$/.test(value) ? value : null;
}

/** A JSON array of ids (strings or {id}) or one id per line. */
function idList(value: string | undefined, where: string, notes: string[]): string[] {
  const text = (value ?? '').trim();
  if (!text) return [];
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) {
        return parsed.flatMap((item) =>
          typeof item === 'string'
            ? [item]
            : item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string'
              ? [(item as { id: string }).id]
              : [],
        );
      }
    } catch {
      notes.push(`output ${where} is not valid JSON`);
      return [];
    }
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
