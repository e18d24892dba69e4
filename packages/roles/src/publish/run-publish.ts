/**
 * publish: the only job with write access to the branch. It runs nothing of the repository: it re-validates the
 * proposal of this run's write-tests or implement job against the default branch's policy, applies it in its own
 * fresh checkout, checks that the tree changed in exactly the patch's files, commits (hooks off) and pushes through
 * the guarded push, which re-reads the freeze labels right before. An escalation is posted as a PR comment here too,
 * since the implement job may not write.
 */
import { ConfigurationError } from '@eternia/core';
import { checkFrozen, upsertStickyComment, type FreezeTarget } from '@eternia/github';
import {
  IMPLEMENT_FILE,
  ImplementEvidenceSchema,
  patchPolicyFor,
  readProposal,
  readTestCommits,
  TEST_CONFIG_GLOBS,
  testCommitTrailers,
  TESTS_FILE,
  TestsEvidenceSchema,
  type ImplementProposal,
  type TestsProposal,
} from '../delivery/index.js';
import { silentLog } from '../delivery/role-deps.js';
import { ESCALATION_KEY, renderEscalationComment } from '../implement/escalation-comment.js';
import type { PublishDeps } from './publish-deps.js';
import { applyProposedPatch, commitAndPush } from './publish-patch.js';

export type PublishResult =
  | { status: 'pushed'; kind: 'tests' | 'implement'; commit: string; rebased: boolean; files: string[]; failingTests: number }
  | { status: 'frozen'; kind: 'tests' | 'implement'; commit: null }
  | { status: 'escalated'; kind: 'implement'; commit: null; comment: { id: number; action: string } | null };

export async function runPublish(deps: PublishDeps): Promise<PublishResult> {
  const { policy, pull, kind } = deps;
  const log = deps.log ?? silentLog;
  const target: FreezeTarget = { ...deps.repo, pr: pull.number, issue: pull.issue, freezeLabel: policy.labels.freeze };
  if (await checkFrozen(deps.octokit, target)) {
    log.info(`'${policy.labels.freeze}' is present: publish writes nothing`);
    return { status: 'frozen', kind, commit: null };
  }
  const proposal = readProposal(deps.dossier, kind, deps.runId);
  if (!proposal) {
    if (kind === 'implement') return postEscalation(deps, target);
    throw new ConfigurationError(
      `this run's dossier holds no ${kind} proposal: the ${kind === 'tests' ? 'write-tests' : 'implement'} job proposed nothing`,
      `input 'proposal'`,
    );
  }
  return publishProposal(deps, proposal, target);
}

async function publishProposal(deps: PublishDeps, proposal: TestsProposal | ImplementProposal, target: FreezeTarget): Promise<PublishResult> {
  const { policy, pull, git } = deps;
  const writer = { ...deps, log: deps.log ?? silentLog };
  const written = await applyProposedPatch(writer, proposal, {
    where: `the ${proposal.kind} proposal of run ${proposal.runId}`,
    policy: async () =>
      proposal.kind === 'tests'
        ? patchPolicyFor(policy, { testsOnly: true })
        : patchPolicyFor(policy, { protectedFiles: (await readTestCommits(git, pull.baseSha)).protectedFiles, extraDeny: TEST_CONFIG_GLOBS }),
    checkTestConfig: proposal.kind === 'implement',
  });

  const trailers =
    proposal.kind === 'tests'
      ? `\n\n${testCommitTrailers(
          proposal.evidence.failing.map((t) => t.id),
          proposal.testsRun,
        )}`
      : '';
  const pushed = await commitAndPush(writer, target, {
    subject: proposal.subject,
    body: `${proposal.body}${trailers}`,
    files: written,
    leaseSha: proposal.baseSha,
  });
  if (pushed.status === 'frozen') return { status: 'frozen', kind: proposal.kind, commit: null };
  if (proposal.kind === 'tests') {
    deps.dossier.writeJson(TESTS_FILE, { ...proposal.evidence, commit: pushed.sha, rebased: pushed.rebased }, TestsEvidenceSchema);
  } else {
    deps.dossier.writeJson(IMPLEMENT_FILE, { ...proposal.evidence, commit: pushed.sha, rebased: pushed.rebased }, ImplementEvidenceSchema);
  }
  const failingTests = proposal.kind === 'tests' ? proposal.evidence.failing.length : 0;
  return { status: 'pushed', kind: proposal.kind, commit: pushed.sha, rebased: pushed.rebased, files: written, failingTests };
}

async function postEscalation(deps: PublishDeps, target: FreezeTarget): Promise<PublishResult> {
  const evidence = deps.dossier.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema);
  if (!evidence || evidence.status !== 'escalated') {
    throw new ConfigurationError(
      `this run's dossier holds neither an implement proposal nor an escalation (${IMPLEMENT_FILE}: ${evidence ? evidence.status : 'absent'}); nothing to publish`,
      `input 'proposal'`,
    );
  }
  if (await checkFrozen(deps.octokit, target)) return { status: 'frozen', kind: 'implement', commit: null };
  const comment = await upsertStickyComment(deps.octokit, {
    ...deps.repo,
    issueNumber: deps.pull.number,
    key: ESCALATION_KEY,
    botLogin: deps.policy['bot-login'],
    body: renderEscalationComment(evidence, {
      branch: deps.pull.branch,
      pr: deps.pull.number,
      attempts: evidence.attempts,
      stillFailing: evidence.best?.stillFailing ?? [],
    }),
  });
  return { status: 'escalated', kind: 'implement', commit: null, comment };
}
