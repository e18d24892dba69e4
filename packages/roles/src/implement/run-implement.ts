/**
 * implement: the implementer proposes diffs within the allowed paths (never touching the tests
 * write-tests added); each attempt starts from a clean tree, is applied by the patch engine, and
 * is tested; refusals and failures go back to the model. Green is committed as `feat:`/`fix:` and
 * pushed through the guarded push; not green within the attempts pushes nothing and escalates.
 */
import { loadPrompt, fenceUntrusted } from '@eternia/llm';
import { upsertStickyComment } from '@eternia/github';
import { applyPatch, formatRefusals } from '@eternia/patch';
import type { TestRunResult } from '@eternia/tools';
import {
  askModel,
  BEST_ATTEMPT_DIFF,
  BEST_ATTEMPT_OUTPUT,
  checkFrozen,
  collectFileContext,
  commitAsBot,
  commitSubject,
  Conversation,
  describeRun,
  explainProtected,
  failingTests,
  guardedPush,
  IMPLEMENT_FILE,
  ImplementEvidenceSchema,
  patchPolicyFor,
  planMessage,
  policyMessage,
  readPlan,
  renderFailures,
  renderFileContext,
  runProjectTests,
  type AttemptRecord,
  type DeliveryDeps,
  type ImplementEvidence,
  type TestsEvidence,
} from '../delivery/index.js';
import { silentLog } from '../delivery/role-deps.js';
import { IMPLEMENTATION_SCHEMA_NAME, ImplementationAnswerSchema, type ImplementationAnswer } from './answer-schema.js';
import { ESCALATION_KEY, renderEscalationComment } from './escalation-comment.js';
import { readTestsEvidence } from './tests-file.js';

export interface ImplementResult {
  status: 'green' | 'escalated' | 'frozen';
  commit: string | null;
  attempts: number;
  evidence: ImplementEvidence;
  /** The escalation comment, when one was written. */
  comment: { id: number; action: string } | null;
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
  const { policy, dossier, git, workspaceGit, workspace, pull } = deps;
  const log = deps.log ?? silentLog;
  const target = { ...deps.repo, pr: pull.number, issue: pull.issue, freezeLabel: policy.labels.freeze };
  const plan = readPlan(dossier, 'implement');
  const tests = readTestsEvidence(dossier, policy['tests-first']);
  const baseSha = await git.headSha();
  const history: AttemptRecord[] = [];
  const record = (status: ImplementEvidence['status'], extra: Partial<ImplementEvidence> = {}): ImplementEvidence => {
    const evidence: ImplementEvidence = {
      version: 1, status, commit: null, baseSha, rebased: false, kind: null, summary: '', attempts: history.length,
      passing: [], redNowPassing: [], history, best: null, ...extra,
    };
    dossier.writeJson(IMPLEMENT_FILE, evidence, ImplementEvidenceSchema);
    return evidence;
  };

  if (await checkFrozen(deps.octokit, target)) {
    log.info(`'${policy.labels.freeze}' is present: implement does nothing`);
    return { status: 'frozen', commit: null, attempts: 0, evidence: record('frozen'), comment: null };
  }
  if (tests && tests.commit !== baseSha) log.info(`the checkout (${baseSha.slice(0, 7)}) is not the test commit (${tests.commit.slice(0, 7)}); working on the checkout`);

  const protectedFiles = tests?.testFiles ?? [];
  const prompt = await loadPrompt('implementer', { workspace, builtinDir: deps.promptsDir });
  const context = await collectFileContext({
    workspace,
    tracked: await workspaceGit.trackedFiles(),
    wanted: [...plan.files, ...protectedFiles],
    testGlobs: policy.paths.tests,
    deny: policy.paths.deny,
  });
  const conversation = new Conversation([
    { role: 'system', content: prompt.text },
    { role: 'user', content: policyMessage(policy, 'implement', protectedFiles) },
    { role: 'user', content: renderFileContext(context) },
    { role: 'user', content: planMessage(plan) },
    { role: 'user', content: taskMessage(tests) },
  ]);

  const patchPolicy = patchPolicyFor(policy, { protectedFiles });
  const attempts = policy.limits.attempts;
  const model = deps.model();
  const testOptions = { ...(deps.runTests ? { run: deps.runTests } : {}), ...(deps.testEnv ? { baseEnv: deps.testEnv } : {}) };
  let best: Candidate | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await workspaceGit.discardChanges(baseSha);
    const turn = await askModel(model, { role: MODEL_ROLE, model: deps.modelName, schema: ImplementationAnswerSchema, schemaName: IMPLEMENTATION_SCHEMA_NAME, conversation });
    if (!turn.ok) {
      history.push({ attempt, outcome: 'invalid-output', failed: null, detail: turn.problem });
      conversation.feedback(turn.raw, turn.problem);
      continue;
    }
    const answer = turn.answer;
    const report = explainProtected(await applyPatch({ cwd: workspace, patch: answer.patch, policy: patchPolicy }), protectedFiles);
    if (!report.ok) {
      const refusal = formatRefusals(report);
      log.info(`attempt ${attempt}: patch refused (${report.refusals.map((r) => r.reason).join(', ')})`);
      history.push({ attempt, outcome: 'refused', failed: null, detail: refusal });
      if (!best || best.failed === null) best = { attempt, failed: null, diff: refusedPatch(answer.patch), output: refusal, stillFailing: [] };
      conversation.feedback(JSON.stringify(answer), refusal);
      continue;
    }
    const result = await runProjectTests(policy, workspace, testOptions);
    log.info(`attempt ${attempt}: tests ${describeRun(result)}`);
    if (result.status === 'passed') {
      history.push({ attempt, outcome: 'green', failed: 0, detail: describeRun(result) });
      return deliver(deps, { answer, result, tests, baseSha, history, target, record });
    }
    const ran = result.status === 'failed';
    history.push({ attempt, outcome: ran ? 'tests-failed' : 'tests-error', failed: result.summary.failed, detail: describeRun(result) });
    const candidate: Candidate = {
      attempt,
      failed: ran ? result.summary.failed : Number.MAX_SAFE_INTEGER,
      diff: await workspaceGit.diffFrom(baseSha),
      output: result.output,
      stillFailing: failingTests(result).map((t) => t.id),
    };
    if (!best || best.failed === null || candidate.failed! <= best.failed) best = candidate;
    conversation.feedback(
      JSON.stringify(answer),
      `${renderFailures(result)}\nThe patch applied, but the tests do not pass. The tree was reset: send a complete patch against the files as first shown that makes every test pass.`,
    );
  }

  await workspaceGit.discardChanges(baseSha);
  return escalate(deps, { best, attempts, history, target, record });
}

function taskMessage(tests: TestsEvidence | null): string {
  if (!tests) return 'Implement the plan. Answer with JSON: patch (the diff), summary (one line), kind ("feat" or "fix").';
  const failing = tests.failing.map((t) => `✖ ${t.id}${t.message ? `\n${t.message}` : ''}`).join('\n\n');
  return [
    `The tests written first for this change (${tests.testFiles.join(', ')}) fail on the current code:`,
    fenceUntrusted('failing tests (red evidence)', failing || '(none recorded)', 12_000),
    'Make them pass, and keep every other test passing, without touching those test files. Answer with JSON: patch (the diff), summary (one line), kind ("feat" or "fix").',
  ].join('\n');
}

function refusedPatch(patch: string): string {
  return `# This patch was proposed but refused by the patch engine (see ${BEST_ATTEMPT_OUTPUT}); it was never applied.\n${patch}`;
}

type Recorder = (status: ImplementEvidence['status'], extra?: Partial<ImplementEvidence>) => ImplementEvidence;

async function deliver(
  deps: DeliveryDeps,
  run: { answer: ImplementationAnswer; result: TestRunResult; tests: TestsEvidence | null; baseSha: string; history: AttemptRecord[]; target: Parameters<typeof checkFrozen>[1]; record: Recorder },
): Promise<ImplementResult> {
  const { git, pull, policy } = deps;
  const log = deps.log ?? silentLog;
  const subject = commitSubject(run.answer.kind, run.answer.summary, `implement #${pull.issue}`);
  const passing = run.result.tests.filter((t) => t.status === 'passed').map((t) => t.id);
  const passed = new Set(passing);
  const redNowPassing = (run.tests?.failing ?? []).map((t) => t.id).filter((id) => passed.has(id));
  await commitAsBot(git, {
    subject,
    body: `Implements #${pull.issue}. Green: ${passing.length} test(s) pass (${run.result.command.join(' ')}).`,
    botLogin: policy['bot-login'],
  });
  const pushed = await guardedPush({
    octokit: deps.octokit,
    git,
    workspaceGit: deps.workspaceGit,
    target: run.target,
    remote: deps.remote ?? 'origin',
    branch: pull.branch,
    leaseSha: run.baseSha,
    log: (m) => log.info(m),
  });
  const common = { kind: run.answer.kind, summary: subject.slice(subject.indexOf(':') + 2), passing, redNowPassing, rebased: pushed.rebased };
  if (pushed.status === 'frozen') {
    return { status: 'frozen', commit: null, attempts: run.history.length, evidence: run.record('frozen', common), comment: null };
  }
  const evidence = run.record('green', { ...common, commit: pushed.sha });
  return { status: 'green', commit: pushed.sha, attempts: run.history.length, evidence, comment: null };
}

async function escalate(
  deps: DeliveryDeps,
  run: { best: Candidate | undefined; attempts: number; history: AttemptRecord[]; target: Parameters<typeof checkFrozen>[1]; record: Recorder },
): Promise<ImplementResult> {
  const { dossier, pull, policy } = deps;
  const log = deps.log ?? silentLog;
  const best = run.best;
  if (best) {
    dossier.writeText(BEST_ATTEMPT_DIFF, best.diff);
    dossier.writeText(BEST_ATTEMPT_OUTPUT, best.output);
  }
  const evidence = run.record('escalated', {
    best: best
      ? { attempt: best.attempt, failed: best.failed === Number.MAX_SAFE_INTEGER ? null : best.failed, diffFile: BEST_ATTEMPT_DIFF, outputFile: BEST_ATTEMPT_OUTPUT }
      : null,
  });
  // The comment is a write too: with the freeze label present a human already has it.
  if (await checkFrozen(deps.octokit, run.target)) {
    log.info(`'${policy.labels.freeze}' is present: no escalation comment`);
    return { status: 'escalated', commit: null, attempts: run.history.length, evidence, comment: null };
  }
  const comment = await upsertStickyComment(deps.octokit, {
    ...deps.repo,
    issueNumber: pull.number,
    key: ESCALATION_KEY,
    botLogin: policy['bot-login'],
    body: renderEscalationComment(evidence, { branch: pull.branch, pr: pull.number, attempts: run.attempts, stillFailing: best?.stillFailing ?? [] }),
  });
  return { status: 'escalated', commit: null, attempts: run.history.length, evidence, comment };
}
