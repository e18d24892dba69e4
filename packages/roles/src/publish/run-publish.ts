/**
 * publish: the only job with write access to the branch. It runs nothing of the repository: it re-validates the
 * proposal of this run's write-tests or implement job against the default branch's policy, applies it in its own
 * fresh checkout, checks that the tree changed in exactly the patch's files, commits (hooks off) and pushes through
 * the guarded push, which re-reads the freeze labels right before. An escalation is posted as a PR comment here too,
 * since the implement job may not write.
 */
import { AgentError, ConfigurationError, PatchRefusedError } from '@eternia/core';
import { commitAsBot } from '@eternia/git';
import { checkFrozen, upsertStickyComment, type FreezeTarget } from '@eternia/github';
import { applyPatch, formatRefusals } from '@eternia/patch';
import {
  guardedPush,
  IMPLEMENT_FILE,
  ImplementEvidenceSchema,
  patchPolicyFor,
  readProposal,
  readTestCommits,
  TEST_CONFIG_GLOBS,
  testCommitTrailers,
  testConfigEdits,
  TESTS_FILE,
  TestsEvidenceSchema,
  type ImplementProposal,
  type TestsProposal,
  writtenPaths,
} from '../delivery/index.js';
import { silentLog } from '../delivery/role-deps.js';
import { ESCALATION_KEY, renderEscalationComment } from '../implement/escalation-comment.js';
import type { PublishDeps } from './publish-deps.js';

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
  const { policy, pull, workspace, git } = deps;
  const log = deps.log ?? silentLog;
  const where = `the ${proposal.kind} proposal of run ${proposal.runId}`;
  const head = await git.headSha();
  if (head !== proposal.baseSha) {
    // Only a commit of this branch: rebasing from anywhere else would carry foreign commits along.
    if (!(await git.isAncestorOfHead(proposal.baseSha))) {
      throw new AgentError(
        'patch-refused',
        `${where} was made on ${proposal.baseSha.slice(0, 12)}, which is not a commit of ${pull.branch}; nothing was pushed`,
      );
    }
    log.info(
      `${pull.branch} moved from ${proposal.baseSha.slice(0, 7)} to ${head.slice(0, 7)} since the proposal; applying it where it was tested, then rebasing once`,
    );
    await git.discardChanges(proposal.baseSha);
  }

  const facts = proposal.kind === 'implement' ? await readTestCommits(git, pull.baseSha) : null;
  const patchPolicy =
    proposal.kind === 'tests'
      ? patchPolicyFor(policy, { testsOnly: true })
      : patchPolicyFor(policy, { protectedFiles: facts!.protectedFiles, extraDeny: TEST_CONFIG_GLOBS });
  const report = await applyPatch({ cwd: workspace, patch: proposal.patch, policy: patchPolicy });
  if (!report.ok) throw new PatchRefusedError(`${where} does not pass the default branch's policy; nothing was pushed.\n${formatRefusals(report)}`);
  const written = writtenPaths(report.files);
  const proposed = [...new Set(proposal.files)].sort();
  if (written.join('\0') !== proposed.join('\0')) {
    throw new AgentError(
      'patch-refused',
      `${where} names the files ${proposed.join(', ')} but its patch writes ${written.join(', ')}; nothing was pushed`,
    );
  }
  if (proposal.kind === 'implement') {
    const edits = await testConfigEdits(git, workspace, proposal.baseSha, written);
    if (edits.length > 0) throw new AgentError('patch-refused', `${where} changes how the tests run (${edits.join('; ')}); nothing was pushed`);
  }
  const changed = [...new Set((await git.status()).flatMap((e) => [e.path, ...(e.origPath ? [e.origPath] : [])]))].sort();
  if (changed.join('\0') !== written.join('\0')) {
    throw new AgentError(
      'internal',
      `after applying ${where} the tree changed in ${changed.join(', ')}, not exactly in ${written.join(', ')}; nothing was pushed`,
    );
  }

  const trailers =
    proposal.kind === 'tests'
      ? `\n\n${testCommitTrailers(
          proposal.evidence.failing.map((t) => t.id),
          proposal.testsRun,
        )}`
      : '';
  await commitAsBot(git, { subject: proposal.subject, body: `${proposal.body}${trailers}`, botLogin: policy['bot-login'], files: written });
  const pushed = await guardedPush({
    octokit: deps.octokit,
    git,
    pushGit: deps.pushGit,
    target,
    remote: deps.remote ?? 'origin',
    branch: pull.branch,
    leaseSha: proposal.baseSha,
    log: (m) => log.info(m),
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
