/**
 * publish, quality mode: the only writer for review, security-scan and scribe. It runs no repository code and no
 * model. It posts ONE review (event COMMENT, never APPROVE) whose inline comments are the review's and the scan's
 * findings that sit on a line of the PR's diff as GitHub shows it now and were not posted before (their
 * fingerprints are in the bot's earlier comments), updates the sticky rubric comment, applies the security fix and
 * the docs patch through the patch engine (re-validated against the default branch's policy) as `fix(security):`
 * and `docs:` commits pushed through the guarded push, and writes the scan's SARIF to a file for upload-sarif.
 * Below `review.min-score` it fails, after all of that, naming the key.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { AgentError, ConfigurationError, type Octokit, type Policy } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import type { Git } from '@eternia/git';
import { checkFrozen, githubCall, httpStatus, upsertStickyComment, type FreezeTarget } from '@eternia/github';
import type { PatchPolicy } from '@eternia/patch';
import { docsPatchPolicy, patchPolicyFor, readTestCommits, TEST_CONFIG_GLOBS } from '../delivery/index.js';
import { silentLog } from '../delivery/role-deps.js';
import {
  DocsProposalSchema,
  QUALITY_PROPOSAL_FILES,
  ReviewProposalSchema,
  RUBRIC_KEYS,
  SecurityProposalSchema,
  type Finding,
  type QualityPatch,
  type ReviewProposal,
} from '../quality/proposals.js';
import { commentableLines, parseGitDiff } from '../review/diff-files.js';
import { fingerprintsIn } from '../review/fingerprint.js';
import { applyProposedPatch, commitAndPush } from './publish-patch.js';
import { findingBody, REVIEW_MARKER, reviewBody, RUBRIC_STICKY_KEY, rubricComment } from './quality-comments.js';

export const SECURITY_SARIF_FILE = 'security.sarif';

export interface PublishQualityDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  pull: { number: number; issue: number; branch: string; headSha: string; baseSha: string };
  /** The default branch's policy, never the agent branch's. */
  policy: Policy;
  dossier: Dossier;
  runId: number;
  workspace: string;
  git: Git;
  pushGit: Git;
  remote?: string;
  /** Where the SARIF file is written (outside the checkout); RUNNER_TEMP in the action. */
  outputDir: string;
  log?: { info(message: string): void; warning(message: string): void };
}

export interface Placement {
  posted: number;
  alreadyPosted: number;
  outsideDiff: number;
  /** Comments GitHub refused (422) though they were checked against the diff: listed in the review body instead. */
  rejected: number;
}

export type PublishQualityResult =
  | { status: 'frozen' }
  | {
      status: 'published';
      reviewId: number | null;
      placement: Placement;
      stickyId: number;
      commits: Array<{ kind: 'security' | 'docs'; sha: string; files: string[] }>;
      sarifPath: string | null;
      /** Why the gate failed (the min-score message), or null. */
      gate: string | null;
      lowestScore: number | null;
    };

function readOwn<T extends { runId: number }>(dossier: Dossier, file: string, schema: z.ZodType<T>, runId: number): T | null {
  const value = dossier.readJson(file, schema);
  if (value && value.runId !== runId) {
    throw new ConfigurationError(
      `was made by workflow run ${value.runId}, not by this run (${runId}); publish takes its own run's proposals only`,
      `${file} in the dossier`,
    );
  }
  return value;
}

export async function runPublishQuality(deps: PublishQualityDeps): Promise<PublishQualityResult> {
  const { policy, pull, dossier } = deps;
  const log = deps.log ?? silentLog;
  const target: FreezeTarget = { ...deps.repo, pr: pull.number, issue: pull.issue, freezeLabel: policy.labels.freeze };
  if (await checkFrozen(deps.octokit, target)) {
    log.info(`'${policy.labels.freeze}' is present: publish writes nothing`);
    return { status: 'frozen' };
  }
  const review = readOwn(dossier, QUALITY_PROPOSAL_FILES.review, ReviewProposalSchema, deps.runId);
  const security = readOwn(dossier, QUALITY_PROPOSAL_FILES.security, SecurityProposalSchema, deps.runId);
  const docs = readOwn(dossier, QUALITY_PROPOSAL_FILES.docs, DocsProposalSchema, deps.runId);
  if (!review && !security && !docs) {
    throw new ConfigurationError(
      `this run's dossier holds no quality proposal (${Object.values(QUALITY_PROPOSAL_FILES).join(', ')}): review, security-scan and scribe proposed nothing`,
      `input 'proposal'`,
    );
  }

  // 1. The review, against the diff as GitHub has it now, before any commit of ours moves the head.
  const placement = await postReview(deps, [...(review?.findings ?? []), ...(security?.findings ?? [])]);

  // 2. Patches: the security fix, then the docs.
  const commits: Array<{ kind: 'security' | 'docs'; sha: string; files: string[] }> = [];
  if (security?.fix) {
    const facts = await readTestCommits(deps.git, pull.baseSha);
    const pushed = await publishPatch(deps, target, security.fix, {
      where: `the security fix of run ${security.runId}`,
      prefix: 'fix(security)',
      policy: patchPolicyFor(policy, { protectedFiles: facts.protectedFiles, extraDeny: TEST_CONFIG_GLOBS }),
    });
    if (pushed === 'frozen') return { status: 'frozen' };
    commits.push({ kind: 'security', ...pushed });
  }
  if (docs?.patch) {
    const pushed = await publishPatch(deps, target, docs.patch, {
      where: `the docs patch of run ${docs.runId}`,
      prefix: 'docs',
      policy: docsPatchPolicy(policy),
    });
    if (pushed === 'frozen') return { status: 'frozen' };
    commits.push({ kind: 'docs', ...pushed });
  }

  // 3. The sticky rubric comment.
  const minScore = policy.review['min-score'];
  if (await checkFrozen(deps.octokit, target)) return { status: 'frozen' };
  const sticky = await upsertStickyComment(deps.octokit, {
    ...deps.repo,
    issueNumber: pull.number,
    key: RUBRIC_STICKY_KEY,
    botLogin: policy['bot-login'],
    body: rubricComment({ review, security, docs, minScore, placed: placement.counts, commits }),
  });

  // 4. The scan's SARIF, for github/codeql-action/upload-sarif.
  const sarifPath = await writeSarif(deps);

  const lowestScore = review ? Math.min(...RUBRIC_KEYS.map((k) => review.rubric[k].score)) : null;
  return {
    status: 'published',
    reviewId: placement.reviewId,
    placement: placement.counts,
    stickyId: sticky.id,
    commits,
    sarifPath,
    gate: gateFailure(review, minScore),
    lowestScore,
  };
}

/** The min-score gate: every rubric item must reach `review.min-score`. */
export function gateFailure(review: ReviewProposal | null, minScore: number | null): string | null {
  if (!review || minScore === null) return null;
  const below = RUBRIC_KEYS.filter((k) => review.rubric[k].score < minScore);
  if (below.length === 0) return null;
  const items = below.map((k) => `${k} ${review.rubric[k].score}/5 ("${review.rubric[k].reason}")`).join('; ');
  return `the review scored ${items}, below review.min-score ${minScore} of the default branch's policy. The review and its findings are on PR; blocking findings go back to implement while review.feedback-rounds allows`;
}

async function postReview(deps: PublishQualityDeps, findings: Finding[]): Promise<{ reviewId: number | null; counts: Placement }> {
  const { octokit, pull, policy } = deps;
  const { owner, repo } = deps.repo;
  const login = policy['bot-login'].toLowerCase();
  const headSha = (await githubCall(`reading PR #${pull.number}`, () => octokit.rest.pulls.get({ owner, repo, pull_number: pull.number }))).data.head
    .sha;

  // Lines GitHub takes a comment on: the hunks of the PR's files as the API shows them.
  const files = await githubCall(`listing the files of PR #${pull.number}`, () =>
    octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pull.number, per_page: 100 }),
  );
  const lines = new Map<string, Map<number, number>>();
  for (const f of files) {
    if (!f.patch || f.status === 'removed') continue;
    const [parsed] = parseGitDiff(`diff --git a/x b/x\n--- a/x\n+++ b/x\n${f.patch}\n`);
    if (parsed) lines.set(f.filename, commentableLines(parsed));
  }

  // Fingerprints the bot already posted, in inline comments or in a review body.
  const posted = new Set<string>();
  const comments = await githubCall(`listing the review comments of PR #${pull.number}`, () =>
    octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: pull.number, per_page: 100 }),
  );
  for (const c of comments) if (c.user?.login.toLowerCase() === login) for (const fp of fingerprintsIn(c.body)) posted.add(fp);
  const reviews = await githubCall(`listing the reviews of PR #${pull.number}`, () =>
    octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: pull.number, per_page: 100 }),
  );
  const ours = reviews.filter((r) => r.user?.login.toLowerCase() === login);
  for (const r of ours) for (const fp of fingerprintsIn(r.body ?? '')) posted.add(fp);

  const counts: Placement = { posted: 0, alreadyPosted: 0, outsideDiff: 0, rejected: 0 };
  const fresh: Finding[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (posted.has(f.fingerprint) || seen.has(f.fingerprint)) {
      counts.alreadyPosted++;
      continue;
    }
    const fileLines = lines.get(f.path);
    const hunk = fileLines?.get(f.line);
    if (hunk === undefined) {
      counts.outsideDiff++;
      continue;
    }
    seen.add(f.fingerprint);
    // A range outside the line's hunk would make GitHub refuse the whole review: keep the line only.
    const range = f.startLine !== undefined && f.startLine < f.line && fileLines!.get(f.startLine) === hunk;
    if (range || f.startLine === undefined) fresh.push(f);
    else {
      const { startLine: _start, suggestion: _suggestion, ...line } = f;
      fresh.push(line);
    }
  }
  const alreadyReviewed = ours.some((r) => (r.body ?? '').includes(REVIEW_MARKER(headSha)));
  if (fresh.length === 0 && alreadyReviewed) return { reviewId: null, counts };

  const blocking = fresh.filter((f) => f.severity === 'blocking').length;
  const inline = fresh.map((f) => ({
    path: f.path,
    line: f.line,
    side: 'RIGHT' as const,
    ...(f.startLine !== undefined ? { start_line: f.startLine, start_side: 'RIGHT' as const } : {}),
    body: findingBody(f),
  }));
  const create = (withComments: boolean) =>
    octokit.rest.pulls.createReview({
      owner,
      repo,
      pull_number: pull.number,
      commit_id: headSha,
      event: 'COMMENT',
      body: reviewBody({ headSha, posted: withComments ? fresh.length : 0, blocking, unplaced: withComments ? [] : fresh }),
      ...(withComments && inline.length > 0 ? { comments: inline } : {}),
    });
  if (await checkFrozen(octokit, { ...deps.repo, pr: pull.number, issue: pull.issue, freezeLabel: policy.labels.freeze })) {
    throw new AgentError('frozen', `the freeze label appeared on PR #${pull.number}: no review was posted`);
  }
  try {
    const created = await create(true);
    counts.posted = fresh.length;
    return { reviewId: created.data.id, counts };
  } catch (error) {
    if (httpStatus(error) !== 422 || fresh.length === 0) throw error;
    // GitHub refuses a whole review for one comment it cannot place: post the findings in the body instead.
    deps.log?.warning(`GitHub refused the review's inline comments (422); listing the ${fresh.length} finding(s) in its body instead`);
    const created = await githubCall(`posting the review on PR #${pull.number}`, () => create(false));
    counts.rejected = fresh.length;
    return { reviewId: created.data.id, counts };
  }
}

async function publishPatch(
  deps: PublishQualityDeps,
  target: FreezeTarget,
  patch: QualityPatch,
  opts: { where: string; prefix: 'fix(security)' | 'docs'; policy: PatchPolicy },
): Promise<{ sha: string; files: string[] } | 'frozen'> {
  const writer = { ...deps, log: deps.log ?? silentLog };
  const written = await applyProposedPatch(writer, patch, { where: opts.where, policy: async () => opts.policy, checkTestConfig: true });
  const pushed = await commitAndPush(writer, target, {
    subject: prefixedSubject(opts.prefix, patch.subject),
    body: patch.body,
    files: written,
    leaseSha: patch.baseSha,
  });
  if (pushed.status === 'frozen') return 'frozen';
  return { sha: pushed.sha, files: written };
}

/** `fix(security): …` / `docs: …`, one line of at most 72 characters, whatever prefix the proposal had. */
export function prefixedSubject(prefix: string, subject: string): string {
  const text =
    subject
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^[a-z]+(\([^)]*\))?!?:\s*/i, '') || (prefix === 'docs' ? 'update the docs' : 'fix a security finding');
  const head = `${prefix}: `;
  const max = 72 - head.length;
  return head + (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
}

/** The scan's SARIF (security.sarif in the dossier) as a file for upload-sarif; null when there is none. */
async function writeSarif(deps: PublishQualityDeps): Promise<string | null> {
  const text = deps.dossier.readText(SECURITY_SARIF_FILE);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`is not JSON: ${(error as Error).message}`, `${SECURITY_SARIF_FILE} in the dossier`);
  }
  const sarif = parsed as { version?: unknown; runs?: unknown };
  if (sarif.version !== '2.1.0' || !Array.isArray(sarif.runs)) {
    throw new ConfigurationError(`is not SARIF 2.1.0 (version must be "2.1.0" and runs an array)`, `${SECURITY_SARIF_FILE} in the dossier`);
  }
  const file = path.join(deps.outputDir, `eternia-security-pr-${deps.pull.number}.sarif`);
  await writeFile(file, text);
  return file;
}
