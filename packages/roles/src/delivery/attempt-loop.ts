/**
 * The bounded loop write-tests and implement share: each attempt starts from a clean tree at `baseSha`, asks the
 * model, applies its patch through the patch engine, runs the project's tests and judges the result; every refusal
 * and failure goes back to the model as feedback. The roles differ only in the hooks they pass.
 */
import type { z } from 'zod';
import { askModel, type Conversation } from '@eternia/llm';
import { applyPatch, formatRefusals, type AppliedFile, type PatchPolicy, type PatchReport } from '@eternia/patch';
import type { TestRunResult } from '@eternia/tools';
import type { AttemptRecord } from './evidence.js';
import { describeRun, runProjectTests } from './project-tests.js';
import { silentLog, type DeliveryDeps } from './role-deps.js';
import { strayChanges, strayFeedback } from './stray-changes.js';
import { keepWorkspaceAtlasOutOfGit, WORKSPACE_ATLAS_FILE } from './repo-atlas-file.js';
import { writtenPaths } from './written-paths.js';

/** A patch the engine applied. */
export interface AppliedAttempt<A> {
  attempt: number;
  answer: A;
  files: AppliedFile[];
  /** Every path the patch wrote (see writtenPaths). */
  written: string[];
}

/** Why an applied patch is refused anyway; `reason` goes into the log line, which is left out without it. */
export interface AttemptRefusal {
  refusal: string;
  reason?: string;
}

/** The outcome of one tested attempt, as recorded in the history (the attempt number is added by the loop). */
export type Verdict<V> =
  { ok: true; record: Omit<AttemptRecord, 'attempt'>; value: V } | { ok: false; record: Omit<AttemptRecord, 'attempt'>; feedback: string };

export interface AttemptLoopOptions<A extends { patch: string }, V> {
  deps: DeliveryDeps;
  /** Where every attempt starts, and where the tree is put back when no attempt is accepted. */
  baseSha: string;
  conversation: Conversation;
  model: { role: string; schema: z.ZodType<A>; schemaName: string };
  patchPolicy: PatchPolicy;
  /** Appended to as attempts end: the caller's evidence may hold the same array. */
  history: AttemptRecord[];
  /** Rewords the engine's refusals (implement explains its protected tests). */
  explain?: (report: PatchReport) => PatchReport;
  /** Refuses an applied patch before the tests run, or returns null. */
  checkApplied?: (applied: AppliedAttempt<A>) => Promise<AttemptRefusal | null>;
  /** Told of every patch refused before the tests ran (by the engine or checkApplied). */
  onPatchRefused?: (attempt: number, answer: A, refusal: string) => void;
  judge: (applied: AppliedAttempt<A> & { result: TestRunResult }) => Promise<Verdict<V>>;
}

export type AttemptLoopResult<A, V> =
  /** The accepted attempt's patch is still applied in the tree: the caller discards it when done. */
  | { status: 'accepted'; applied: AppliedAttempt<A>; result: TestRunResult; value: V }
  /** Every attempt failed; the tree is back at baseSha. */
  | { status: 'exhausted' };

// Said to the model when its answer hit the output token limit.
const SMALLER_PATCH = 'Send a smaller patch: change fewer lines, or only what the failing tests need.';

export async function runAttemptLoop<A extends { patch: string }, V>(opts: AttemptLoopOptions<A, V>): Promise<AttemptLoopResult<A, V>> {
  const { deps, baseSha, conversation, history } = opts;
  const { git, policy, workspace } = deps;
  const log = deps.log ?? silentLog;
  const model = deps.model();
  const attempts = policy.limits.attempts;
  if (await keepWorkspaceAtlasOutOfGit(git, workspace)) log.info(`${WORKSPACE_ATLAS_FILE} is ignored by git here: no attempt removes or proposes it`);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await git.discardChanges(baseSha);
    const turn = await askModel(model, { ...opts.model, model: deps.modelName, conversation, whenTruncated: SMALLER_PATCH });
    if (!turn.ok) {
      history.push({ attempt, outcome: 'invalid-output', failed: null, detail: turn.problem });
      conversation.feedback(turn.raw, turn.problem);
      continue;
    }
    const answer = turn.answer;
    const refuse = ({ refusal, reason }: AttemptRefusal): void => {
      if (reason !== undefined) log.info(`attempt ${attempt}: patch refused (${reason})`);
      history.push({ attempt, outcome: 'refused', failed: null, detail: refusal });
      opts.onPatchRefused?.(attempt, answer, refusal);
      conversation.feedback(JSON.stringify(answer), refusal);
    };

    const applied = await applyPatch({ cwd: workspace, patch: answer.patch, policy: opts.patchPolicy });
    const report = opts.explain ? opts.explain(applied) : applied;
    if (!report.ok) {
      refuse({ refusal: formatRefusals(report), reason: report.refusals.map((r) => r.reason).join(', ') });
      continue;
    }
    const attemptApplied: AppliedAttempt<A> = { attempt, answer, files: report.files, written: writtenPaths(report.files) };
    const refusal = opts.checkApplied ? await opts.checkApplied(attemptApplied) : null;
    if (refusal) {
      refuse(refusal);
      continue;
    }

    const result = await runProjectTests(policy, workspace, deps);
    log.info(`attempt ${attempt}: tests ${describeRun(result)}`);
    const stray = await strayChanges(git, attemptApplied.written);
    if (stray.length > 0) {
      log.warning(`attempt ${attempt}: the test run changed files outside the patch (${stray.join(', ')}); the attempt is refused`);
      history.push({ attempt, outcome: 'refused', failed: null, detail: strayFeedback(stray) });
      conversation.feedback(JSON.stringify(answer), strayFeedback(stray));
      continue;
    }
    const verdict = await opts.judge({ ...attemptApplied, result });
    history.push({ attempt, ...verdict.record });
    if (verdict.ok) return { status: 'accepted', applied: attemptApplied, result, value: verdict.value };
    conversation.feedback(JSON.stringify(answer), verdict.feedback);
  }
  await git.discardChanges(baseSha);
  return { status: 'exhausted' };
}
