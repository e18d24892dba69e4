/**
 * write-tests: the test author proposes test files only; they must fail on the unchanged code (red evidence).
 * This job runs the model's tests, so it holds no write token: the accepted patch and its evidence go into the
 * dossier as a proposal, which the publish job re-validates, commits as `test: …` and pushes.
 */
import { TestsFailedError, PatchRefusedError } from '@eternia/core';
import { checkFrozen } from '@eternia/github';
import { Conversation, loadPrompt } from '@eternia/llm';
import type { AppliedFile } from '@eternia/patch';
import type { TestRunResult } from '@eternia/tools';
import {
  collectFileContext,
  shownInPart,
  commitSubject,
  failingTests,
  installToolchain,
  loadRepoAtlas,
  patchPolicyFor,
  planMessage,
  policyMessage,
  planQuery,
  readPlan,
  renderFailures,
  renderFileContext,
  runAttemptLoop,
  toOutcome,
  writeProposal,
  type AttemptRecord,
  type DeliveryDeps,
  type TestsProposal,
} from '../delivery/index.js';
import { silentLog } from '../delivery/role-deps.js';
import { TEST_PATCH_SCHEMA_NAME, TestPatchAnswerSchema, type TestPatchAnswer } from './answer-schema.js';

export type WriteTestsResult =
  | { status: 'proposed'; failingTests: number; frozen: false; attempts: number; proposal: TestsProposal; history: AttemptRecord[] }
  | { status: 'frozen'; failingTests: number; frozen: true; attempts: number; proposal: null; history: AttemptRecord[] };

const MODEL_ROLE = 'test-author';

export async function runWriteTests(deps: DeliveryDeps): Promise<WriteTestsResult> {
  const { policy, dossier, git, workspace, pull } = deps;
  const log = deps.log ?? silentLog;
  const target = { ...deps.repo, pr: pull.number, issue: pull.issue, freezeLabel: policy.labels.freeze };
  const plan = readPlan(dossier, 'write-tests');
  if (await checkFrozen(deps.octokit, target)) {
    log.info(`'${policy.labels.freeze}' is present: write-tests does nothing`);
    return { status: 'frozen', failingTests: 0, frozen: true, attempts: 0, proposal: null, history: [] };
  }

  const query = planQuery(plan.plan);
  const tracked = await git.trackedFiles();
  // Read before the install runs repository code, so nothing that code writes can steer the prompt.
  const atlas = query.trim() ? await loadRepoAtlas({ file: deps.atlasFile, workspace, trackedFiles: tracked.length, log }) : null;
  await installToolchain(deps);
  const codeSha = await git.headSha();
  if (codeSha !== pull.headSha)
    log.warning(`the checkout is at ${codeSha.slice(0, 7)}, the PR head at ${pull.headSha.slice(0, 7)}; the push is leased on the checkout`);
  const prompt = await loadPrompt('test_author', { ...(deps.configRoot ? { workspace: deps.configRoot } : {}), builtinDir: deps.promptsDir });
  const context = await collectFileContext({
    workspace,
    tracked,
    wanted: plan.files,
    testGlobs: policy.paths.tests,
    deny: policy.paths.deny,
    // The repo atlas ranks the files and symbols the plan is about.
    query,
    atlas,
  });
  const ids = plan.criterionIds;
  const conversation = new Conversation([
    { role: 'system', content: prompt.text },
    { role: 'user', content: policyMessage(policy, 'tests-only') },
    { role: 'user', content: renderFileContext(context) },
    { role: 'user', content: planMessage(plan) },
    {
      role: 'user',
      content:
        `Write the tests for this plan's acceptance criteria (${ids.join(', ') || 'none listed'}). They run with the repository's test command ` +
        `against the current code, and ${policy['tests-first'] ? 'MUST fail there, because the behaviour does not exist yet' : 'may pass or fail there'}. ` +
        `Answer with JSON: patch (the diff), summary (one line), covers (the criterion ids the tests cover).`,
    },
  ]);

  const history: AttemptRecord[] = [];
  const loop = await runAttemptLoop({
    deps,
    baseSha: codeSha,
    conversation,
    model: { role: MODEL_ROLE, schema: TestPatchAnswerSchema, schemaName: TEST_PATCH_SCHEMA_NAME },
    patchPolicy: patchPolicyFor(policy, { testsOnly: true, shownInPart: shownInPart(context) }),
    history,
    checkApplied: async ({ files }) =>
      testFilesOf(files).length === 0
        ? { refusal: 'The patch adds or changes no test file (it only deletes). Add tests for the acceptance criteria.' }
        : null,
    judge: async ({ files, result }) => {
      const testFiles = testFilesOf(files);
      const verdict = judgeRed(result, testFiles, policy['tests-first']);
      if (!verdict.ok) {
        const outcome = result.status === 'failed' || result.status === 'passed' ? 'tests-failed' : 'tests-error';
        return { ok: false, record: { outcome, failed: result.summary.failed, detail: verdict.problem }, feedback: verdict.problem };
      }
      return {
        ok: true,
        record: { outcome: 'accepted', failed: result.summary.failed, detail: `red: ${verdict.failing.length} new failing test(s)` },
        value: { verdict, testFiles },
      };
    },
  });
  if (loop.status === 'accepted') {
    const { applied, result, value } = loop;
    return propose(deps, {
      answer: applied.answer,
      testFiles: value.testFiles,
      result,
      verdict: value.verdict,
      codeSha,
      attempt: applied.attempt,
      history,
      knownIds: ids,
      files: applied.written,
    });
  }

  const attempts = policy.limits.attempts;
  const last = history[history.length - 1];
  const lines = history.map((h) => `attempt ${h.attempt}: ${h.outcome}${h.failed !== null ? ` (${h.failed} failing)` : ''}`);
  const message = `no usable tests after ${attempts} attempt(s); nothing was proposed.\n${lines.join('\n')}\nLast problem:\n${last?.detail ?? ''}`;
  throw last?.outcome === 'refused' ? new PatchRefusedError(message) : new TestsFailedError(message);
}

/** The test files a patch added or changed (deleted ones do not count), sorted. */
function testFilesOf(files: readonly AppliedFile[]): string[] {
  return [...new Set(files.flatMap((f) => (f.action === 'delete' ? [] : [f.path])))].sort();
}

type RedVerdict =
  | { ok: true; failing: ReturnType<typeof failingTests>; other: ReturnType<typeof failingTests>; status: TestsProposal['evidence']['status'] }
  | { ok: false; problem: string };

/** The new tests must fail on the unchanged code, and the failures must be in the files the patch wrote. */
function judgeRed(result: TestRunResult, testFiles: readonly string[], testsFirst: boolean): RedVerdict {
  const written = new Set(testFiles);
  const failed = failingTests(result);
  const failing = failed.filter((t) => t.file !== undefined && written.has(t.file));
  const other = failed.filter((t) => !(t.file !== undefined && written.has(t.file)));
  if (result.status === 'failed' && failing.length > 0) return { ok: true, failing, other, status: 'red' };
  if (result.status === 'passed' && !testsFirst) return { ok: true, failing: [], other: [], status: 'not-required' };
  if (result.status === 'passed') {
    return {
      ok: false,
      problem:
        `${renderFailures(result)}\nThe tests PASS on the unchanged code, so they do not show the missing behaviour. ` +
        `Tests-first: write tests that fail now and will pass once the plan is implemented (assert the new behaviour, not the current one).`,
    };
  }
  if (result.status === 'failed') {
    return {
      ok: false,
      problem: `${renderFailures(result)}\nThe failing tests are not in the files your patch wrote (${testFiles.join(', ')}); tests that fail elsewhere are not evidence for this change. Make the new tests fail.`,
    };
  }
  return {
    ok: false,
    problem: `${renderFailures(result)}\nThe test command did not produce a usable result (${result.status}). Fix the tests so the runner loads them and they fail on their assertions.`,
  };
}

async function propose(
  deps: DeliveryDeps,
  run: {
    answer: TestPatchAnswer;
    testFiles: string[];
    files: string[];
    result: TestRunResult;
    verdict: Extract<RedVerdict, { ok: true }>;
    codeSha: string;
    attempt: number;
    history: AttemptRecord[];
    knownIds: string[];
  },
): Promise<WriteTestsResult> {
  const { pull } = deps;
  const known = new Set(run.knownIds);
  const covers = [...new Set(run.answer.covers.map((c) => c.trim()).filter((c) => known.size === 0 || known.has(c)))];
  const subject = commitSubject('test', run.answer.summary, `tests for #${pull.issue}`);
  const failingIds = run.verdict.failing.map((t) => t.id);
  const body = [
    `Tests first for #${pull.issue}${covers.length ? ` (covers ${covers.join(', ')})` : ''}.`,
    run.verdict.status === 'red'
      ? `Red on ${run.codeSha.slice(0, 12)}: ${failingIds.length} failing test(s).`
      : 'Tests-first is off in the policy; these tests pass on the current code.',
  ].join('\n');
  const { passed, failed, skipped } = run.result.summary;
  const proposal: TestsProposal = {
    version: 1,
    kind: 'tests',
    runId: deps.runId,
    baseSha: run.codeSha,
    patch: run.answer.patch,
    files: run.files,
    subject,
    body,
    testsRun: passed + failed + skipped,
    evidence: {
      version: 1,
      status: run.verdict.status,
      codeSha: run.codeSha,
      testFiles: run.testFiles,
      covers,
      summary: subject.slice('test: '.length),
      command: run.result.command,
      failing: run.verdict.failing.map(toOutcome),
      otherFailures: run.verdict.other.map(toOutcome),
      attempts: run.attempt,
    },
  };
  writeProposal(deps.dossier, proposal);
  // The working tree keeps nothing: publish applies the patch in its own checkout.
  await deps.git.discardChanges(run.codeSha);
  return { status: 'proposed', failingTests: failingIds.length, frozen: false, attempts: run.attempt, proposal, history: run.history };
}
