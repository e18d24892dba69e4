/**
 * implement: the implementer proposes diffs within the allowed paths (never touching the tests written first nor
 * how tests run); each attempt starts from a clean tree, is applied by the patch engine, and is tested; refusals and
 * failures go back to the model. This job runs model-written code, so it holds no write token: green becomes a
 * proposal in the dossier that the publish job re-validates, commits as `feat:`/`fix:` and pushes. Not green within
 * the attempts proposes nothing; publish then posts the escalation comment.
 */
import { ConfigurationError } from '@eternia/core';
import { checkFrozen } from '@eternia/github';
import { Conversation, fenceUntrusted, loadPrompt } from '@eternia/llm';
import type { TestRunResult } from '@eternia/tools';
import {
  BEST_ATTEMPT_DIFF,
  BEST_ATTEMPT_OUTPUT,
  collectFileContext,
  shownInPart,
  commitSubject,
  describeRun,
  explainProtected,
  failingTests,
  IMPLEMENT_FILE,
  ImplementEvidenceSchema,
  installToolchain,
  loadRepoAtlas,
  judgeGreen,
  patchPolicyFor,
  planMessage,
  policyMessage,
  planQuery,
  readPlan,
  readTestCommits,
  renderFailures,
  renderFileContext,
  runAttemptLoop,
  TEST_CONFIG_GLOBS,
  testConfigEdits,
  writeProposal,
  type AttemptRecord,
  type DeliveryDeps,
  type ImplementEvidence,
  type ImplementProposal,
  type TestCommitFacts,
  type TestsEvidence,
} from '../delivery/index.js';
import { silentLog } from '../delivery/role-deps.js';
import { feedbackMessage, openFeedbackFor } from '../review/feedback.js';
import { IMPLEMENTATION_SCHEMA_NAME, ImplementationAnswerSchema, type ImplementationAnswer } from './answer-schema.js';
import { readTestsEvidence } from './tests-file.js';

export interface ImplementResult {
  status: 'green' | 'escalated' | 'frozen';
  attempts: number;
  evidence: ImplementEvidence;
  /** What publish will commit, when green. */
  proposal: ImplementProposal | null;
}

const MODEL_ROLE = 'implementer';

interface Candidate {
  attempt: number;
  /** Failing tests; null when the patch never applied. */
  failed: number | null;
  diff: string;
  output: string;
  stillFailing: string[];
}

export async function runImplement(deps: DeliveryDeps): Promise<ImplementResult> {
  const { policy, dossier, git, workspace, pull } = deps;
  const log = deps.log ?? silentLog;
  const target = { ...deps.repo, pr: pull.number, issue: pull.issue, freezeLabel: policy.labels.freeze };
  const plan = readPlan(dossier, 'implement');
  // Prompt context only: what is protected and what must pass comes from the branch's `test:` commits.
  const tests = readTestsEvidence(dossier, false);
  const baseSha = await git.headSha();
  const history: AttemptRecord[] = [];
  const record = (status: ImplementEvidence['status'], extra: Partial<ImplementEvidence> = {}): ImplementEvidence => {
    const evidence: ImplementEvidence = {
      version: 1,
      status,
      commit: null,
      baseSha,
      rebased: false,
      kind: null,
      summary: '',
      attempts: history.length,
      passing: [],
      redNowPassing: [],
      history,
      best: null,
      ...extra,
    };
    dossier.writeJson(IMPLEMENT_FILE, evidence, ImplementEvidenceSchema);
    return evidence;
  };

  if (await checkFrozen(deps.octokit, target)) {
    log.info(`'${policy.labels.freeze}' is present: implement does nothing`);
    return { status: 'frozen', attempts: 0, evidence: record('frozen'), proposal: null };
  }
  const facts = await readTestCommits(git, pull.baseSha);
  if (policy['tests-first'] && facts.commits.length === 0) {
    throw new ConfigurationError(
      `${pull.branch} has no "test:" commit since ${pull.baseSha.slice(0, 12)}: tests come first. Run write-tests (and publish its proposal) before implement, or set \`tests-first: false\` in the policy.`,
      'tests-first',
    );
  }

  const query = planQuery(plan.plan);
  const tracked = await git.trackedFiles();
  // Read before the install runs repository code, so nothing that code writes can steer the prompt.
  const atlas = query.trim() ? await loadRepoAtlas({ file: deps.atlasFile, workspace, trackedFiles: tracked.length, log }) : null;
  await installToolchain(deps);
  const protectedFiles = facts.protectedFiles;
  const prompt = await loadPrompt('implementer', { ...(deps.configRoot ? { workspace: deps.configRoot } : {}), builtinDir: deps.promptsDir });
  const context = await collectFileContext({
    workspace,
    tracked,
    wanted: [...plan.files, ...protectedFiles],
    testGlobs: policy.paths.tests,
    deny: policy.paths.deny,
    // The repo atlas ranks the files and symbols the plan is about.
    query,
    atlas,
  });
  // A review of this very head found blocking problems and policy allows another round (review-feedback.json).
  const review = openFeedbackFor(dossier, baseSha);
  if (review) log.info(`${review.findings.length} blocking review finding(s) of round ${review.round} go to the implementer as feedback`);
  const conversation = new Conversation([
    { role: 'system', content: prompt.text },
    { role: 'user', content: policyMessage(policy, 'implement', protectedFiles) },
    { role: 'user', content: renderFileContext(context) },
    { role: 'user', content: planMessage(plan) },
    ...(review ? [{ role: 'user' as const, content: feedbackMessage(review) }] : []),
    { role: 'user', content: taskMessage(tests, facts) },
  ]);

  let best: Candidate | undefined;
  const loop = await runAttemptLoop({
    deps,
    baseSha,
    conversation,
    model: { role: MODEL_ROLE, schema: ImplementationAnswerSchema, schemaName: IMPLEMENTATION_SCHEMA_NAME },
    patchPolicy: patchPolicyFor(policy, { protectedFiles, extraDeny: TEST_CONFIG_GLOBS, shownInPart: shownInPart(context) }),
    history,
    explain: (report) => explainProtected(report, protectedFiles),
    checkApplied: async ({ written }) => {
      const configEdits = await testConfigEdits(git, workspace, baseSha, written);
      if (configEdits.length === 0) return null;
      return {
        refusal: `The patch changes how the tests run (${configEdits.join('; ')}). The test command, package scripts and test-runner configuration are not yours to change: change the code under test.`,
        reason: 'test configuration',
      };
    },
    onPatchRefused: (attempt, answer, refusal) => {
      if (!best || best.failed === null) best = { attempt, failed: null, diff: refusedPatch(answer.patch), output: refusal, stillFailing: [] };
    },
    judge: async ({ attempt, result }) => {
      const verdict = judgeGreen(result, facts);
      if (verdict.ok) return { ok: true, record: { outcome: 'green', failed: 0, detail: describeRun(result) }, value: null };
      const ran = result.status === 'failed';
      const candidate: Candidate = {
        attempt,
        failed: ran ? result.summary.failed : Number.MAX_SAFE_INTEGER,
        diff: await git.diffFrom(baseSha),
        output: result.output,
        stillFailing: ran ? failingTests(result).map((t) => t.id) : verdict.missing,
      };
      if (!best || best.failed === null || candidate.failed! <= best.failed) best = candidate;
      const why = result.status === 'passed' ? verdict.problem : 'The patch applied, but the tests do not pass.';
      return {
        ok: false,
        record: {
          outcome: ran ? 'tests-failed' : 'tests-error',
          failed: result.summary.failed,
          detail: `${describeRun(result)}${result.status === 'passed' ? `; ${verdict.problem}` : ''}`,
        },
        feedback: `${renderFailures(result)}\n${why} The tree was reset: send a complete patch against the files as first shown that makes every test pass.`,
      };
    },
  });
  if (loop.status === 'accepted') {
    return propose(deps, { answer: loop.applied.answer, result: loop.result, facts, baseSha, history, record, written: loop.applied.written });
  }
  return escalate(deps, { best, history, record });
}

function taskMessage(tests: TestsEvidence | null, facts: TestCommitFacts): string {
  const ask = 'Answer with JSON: patch (the diff), summary (one line), kind ("feat" or "fix").';
  if (facts.protectedFiles.length === 0) return `Implement the plan. ${ask}`;
  const failing = (tests?.failing ?? []).map((t) => `✖ ${t.id}${t.message ? `\n${t.message}` : ''}`).join('\n\n');
  const red = facts.redTests.map((id) => `✖ ${id}`).join('\n');
  return [
    `The tests written first for this change (${facts.protectedFiles.join(', ')}) fail on the current code:`,
    fenceUntrusted('failing tests (red evidence)', failing || red || '(none recorded)', 12_000),
    `Make them pass, and keep every other test passing, without touching those test files or how the tests run. ${ask}`,
  ].join('\n');
}

function refusedPatch(patch: string): string {
  return `# This patch was proposed but refused (see ${BEST_ATTEMPT_OUTPUT}); it was never applied.\n${patch}`;
}

type Recorder = (status: ImplementEvidence['status'], extra?: Partial<ImplementEvidence>) => ImplementEvidence;

async function propose(
  deps: DeliveryDeps,
  run: {
    answer: ImplementationAnswer;
    result: TestRunResult;
    facts: TestCommitFacts;
    baseSha: string;
    history: AttemptRecord[];
    record: Recorder;
    written: string[];
  },
): Promise<ImplementResult> {
  const { pull } = deps;
  const subject = commitSubject(run.answer.kind, run.answer.summary, `implement #${pull.issue}`);
  const passing = run.result.tests.filter((t) => t.status === 'passed').map((t) => t.id);
  const passed = new Set(passing);
  const redNowPassing = run.facts.redTests.filter((id) => passed.has(id));
  const evidence = run.record('green', { kind: run.answer.kind, summary: subject.slice(subject.indexOf(':') + 2), passing, redNowPassing });
  const { commit: _commit, rebased: _rebased, ...draft } = evidence;
  const proposal: ImplementProposal = {
    version: 1,
    kind: 'implement',
    runId: deps.runId,
    baseSha: run.baseSha,
    patch: run.answer.patch,
    files: run.written,
    subject,
    body: `Implements #${pull.issue}. Green: ${passing.length} test(s) pass (${run.result.command.join(' ')}), ${redNowPassing.length} of them written first.`,
    evidence: draft,
  };
  writeProposal(deps.dossier, proposal);
  await deps.git.discardChanges(run.baseSha);
  return { status: 'green', attempts: run.history.length, evidence, proposal };
}

async function escalate(
  deps: DeliveryDeps,
  run: { best: Candidate | undefined; history: AttemptRecord[]; record: Recorder },
): Promise<ImplementResult> {
  const best = run.best;
  if (best) {
    deps.dossier.writeText(BEST_ATTEMPT_DIFF, best.diff);
    deps.dossier.writeText(BEST_ATTEMPT_OUTPUT, best.output);
  }
  const evidence = run.record('escalated', {
    best: best
      ? {
          attempt: best.attempt,
          failed: best.failed === Number.MAX_SAFE_INTEGER ? null : best.failed,
          diffFile: BEST_ATTEMPT_DIFF,
          outputFile: BEST_ATTEMPT_OUTPUT,
          stillFailing: best.stillFailing.slice(0, 100),
        }
      : null,
  });
  return { status: 'escalated', attempts: run.history.length, evidence, proposal: null };
}
