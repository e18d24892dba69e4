/**
 * review: reads the whole PR diff (split over several calls under a token budget when large), the plan and its
 * acceptance criteria and the test evidence, and asks the reviewer model for a rubric and line findings. A finding
 * on a line that is not in the diff (GitHub would answer 422) is dropped here, before any API call, and counted.
 * This job holds no write token: the review goes into the dossier as proposal-review.json and the publish job
 * posts it.
 */
import { AgentError, ConfigurationError, type Octokit, type Policy } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import type { Git } from '@eternia/git';
import { checkFrozen } from '@eternia/github';
import { askModel, Conversation, fenceUntrusted, loadPrompt, type ModelClient } from '@eternia/llm';
import { IMPLEMENT_FILE, ImplementEvidenceSchema, TESTS_FILE, TestsEvidenceSchema } from '../delivery/index.js';
import { silentLog } from '../delivery/role-deps.js';
import { PLAN_FILE, PlanFileSchema } from '../plan/plan-schema.js';
import { QUALITY_PROPOSAL_FILES, RUBRIC_KEYS, ReviewProposalSchema, type Finding, type ReviewProposal, type Rubric } from '../quality/proposals.js';
import { REVIEW_SCHEMA_NAME, ReviewAnswerSchema, type ReviewAnswer } from './answer-schema.js';
import { changedFileUsersMessage } from './changed-file-users.js';
import { chunkDiff, type DiffChunk } from './chunk-diff.js';
import { commentableLines, headLineText, parseGitDiff, type DiffFile } from './diff-files.js';
import { nextRound, readReviewFeedback, REVIEW_FEEDBACK_FILE, ReviewFeedbackSchema } from './feedback.js';
import { findingFingerprint } from './fingerprint.js';

export interface ReviewDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  pull: { number: number; issue: number; branch: string; headSha: string; baseSha: string };
  /** The default branch's policy. */
  policy: Policy;
  dossier: Dossier;
  /** Reads the checked-out PR branch (with history); runs nothing of the repository. */
  git: Git;
  model: () => ModelClient;
  modelName: string;
  promptsDir: string;
  configRoot?: string;
  /** The repo atlas file (the `repo-atlas` input, outside the checkout); none: built in memory when small. */
  atlasFile?: string;
  runId: number;
  log?: { info(message: string): void; warning(message: string): void };
}

export type ReviewResult =
  | { status: 'frozen' }
  | {
      status: 'reviewed';
      proposal: ReviewProposal;
      /** Model calls made: one per chunk of the diff, plus retries of invalid answers. */
      calls: number;
      chunks: number;
      files: number;
      /** The lowest rubric score and the key(s) that have it. */
      lowest: { score: number; keys: string[] };
      /** Blocking findings left in the dossier for implement's next round. */
      feedback: boolean;
      round: number;
    };

const MODEL_ROLE = 'reviewer';
const ANSWER_TRIES = 2;
const LIMITS = { title: 200, body: 4_000, suggestion: 20_000, reason: 300, summary: 20_000 };

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export async function runReview(deps: ReviewDeps): Promise<ReviewResult> {
  const { policy, pull, dossier, git } = deps;
  const log = deps.log ?? silentLog;
  if (await checkFrozen(deps.octokit, { ...deps.repo, pr: pull.number, issue: pull.issue, freezeLabel: policy.labels.freeze })) {
    log.info(`'${policy.labels.freeze}' is present: review does nothing`);
    return { status: 'frozen' };
  }
  const headSha = await git.headSha();
  const base = (await git.mergeBase(pull.baseSha, headSha)) ?? pull.baseSha;
  const files = parseGitDiff(await git.diffFrom(base));
  if (files.length === 0) {
    throw new ConfigurationError(
      `${pull.branch} has no changes against ${pull.baseSha.slice(0, 12)}: there is nothing to review (run review after implement)`,
      `input 'pr' (#${pull.number})`,
    );
  }
  const chunks = chunkDiff(files, policy.review['chunk-tokens']);
  log.info(`reviewing ${files.length} file(s) in ${chunks.length} model call(s) (review.chunk-tokens ${policy.review['chunk-tokens']})`);

  const prompt = await loadPrompt('reviewer', { ...(deps.configRoot ? { workspace: deps.configRoot } : {}), builtinDir: deps.promptsDir });
  const users = await changedFileUsersMessage(git, files, policy.paths.deny, log, deps.atlasFile);
  const context = [...contextMessages(dossier), ...(users ? [users] : [])];
  const answers: ReviewAnswer[] = [];
  let calls = 0;
  for (const [index, chunk] of chunks.entries()) {
    const conversation = new Conversation([
      { role: 'system', content: prompt.text },
      ...context.map((content) => ({ role: 'user' as const, content })),
      { role: 'user', content: chunkMessage(chunk, index, chunks.length, files.length) },
    ]);
    let answer: ReviewAnswer | undefined;
    for (let tries = 0; tries < ANSWER_TRIES && !answer; tries++) {
      calls++;
      const turn = await askModel(deps.model(), {
        role: MODEL_ROLE,
        model: deps.modelName,
        schema: ReviewAnswerSchema,
        schemaName: REVIEW_SCHEMA_NAME,
        conversation,
        whenTruncated: 'List fewer findings, with shorter bodies and suggestions.',
      });
      if (turn.ok) answer = turn.answer;
      else conversation.feedback(turn.raw, turn.problem);
    }
    if (!answer) {
      throw new AgentError(
        'model',
        `the reviewer gave no valid '${REVIEW_SCHEMA_NAME}' answer for part ${index + 1} of ${chunks.length} of the diff in ${ANSWER_TRIES} tries`,
      );
    }
    answers.push(answer);
  }

  const { findings, dropped } = placeFindings(files, answers);
  const rubric = mergeRubric(answers);
  const proposal: ReviewProposal = {
    version: 1,
    runId: deps.runId,
    headSha,
    kind: 'review',
    rubric,
    findings,
    dropped,
    summary: cut(
      answers
        .map((a) => a.summary.trim())
        .filter(Boolean)
        .join('\n\n'),
      LIMITS.summary,
    ),
  };
  dossier.writeJson(QUALITY_PROPOSAL_FILES.review, proposal, ReviewProposalSchema);

  // Blocking findings go back to implement while policy allows another round (see feedback.ts).
  const round = nextRound(readReviewFeedback(dossier), headSha);
  const blocking = findings.filter((f) => f.severity === 'blocking');
  const open = blocking.length > 0 && round <= policy.review['feedback-rounds'];
  dossier.writeJson(REVIEW_FEEDBACK_FILE, { version: 1, runId: deps.runId, headSha, round, open, findings: blocking }, ReviewFeedbackSchema);

  const lowestScore = Math.min(...RUBRIC_KEYS.map((k) => rubric[k].score));
  return {
    status: 'reviewed',
    proposal,
    calls,
    chunks: chunks.length,
    files: files.length,
    lowest: { score: lowestScore, keys: RUBRIC_KEYS.filter((k) => rubric[k].score === lowestScore) },
    feedback: open,
    round,
  };
}

/** The plan and the test evidence, when the dossier has them (review also runs alone). */
function contextMessages(dossier: Dossier): string[] {
  const messages: string[] = [];
  const plan = dossier.readJson(PLAN_FILE, PlanFileSchema);
  if (plan) {
    const { summary, steps, acceptance_criteria } = plan.plan;
    messages.push(
      fenceUntrusted(
        'the plan for this change, with its acceptance criteria (JSON)',
        JSON.stringify({ summary, steps, acceptance_criteria }, null, 2),
        30_000,
      ),
    );
  } else {
    messages.push('There is no plan in the dossier: judge the change on its own.');
  }
  const tests = dossier.readJson(TESTS_FILE, TestsEvidenceSchema);
  const implement = dossier.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema);
  const evidence: string[] = [];
  if (tests) {
    evidence.push(
      `Tests written first (${tests.testFiles.join(', ') || 'none'}), covering ${tests.covers.join(', ') || 'no criterion'}; before the change ${tests.failing.length} failed (red):`,
      ...tests.failing.map((t) => `  ✖ ${t.id}`),
    );
  }
  if (implement) {
    evidence.push(
      `Implementation: ${implement.status} after ${implement.attempts} attempt(s); ${implement.passing.length} test(s) pass, ${implement.redNowPassing.length} of the red ones now pass.`,
    );
  }
  messages.push(
    evidence.length > 0
      ? fenceUntrusted('test evidence', evidence.join('\n'), 12_000)
      : 'There is no test evidence in the dossier: say so in the tests score.',
  );
  return messages;
}

function chunkMessage(chunk: DiffChunk, index: number, total: number, files: number): string {
  const part =
    total > 1 ? `This is part ${index + 1} of ${total} of the diff (${files} files in all; the other parts are reviewed in other calls). ` : '';
  return [
    `${part}Review the diff below. Each line shows its head-side line number (blank for removed lines), then +, - or space.`,
    fenceUntrusted(`the diff (part ${index + 1} of ${total})`, chunk.pieces.map((p) => p.text).join('\n\n'), chunk.tokens * 4 + 1_000),
    'Answer with JSON: rubric (correctness, tests, style, performance, security, docs: score 1–5 and a one-sentence reason), summary, and findings. A finding names a path from a "###" header and a line number from the left column of a + or space line; start_line is null or an earlier line of the same hunk; suggestion is the replacement text for those lines or null. Score the whole change as far as this part shows it.',
  ].join('\n');
}

/** The lowest score of each rubric item over the parts: a defect anywhere counts. */
function mergeRubric(answers: ReviewAnswer[]): Rubric {
  return Object.fromEntries(
    RUBRIC_KEYS.map((key) => {
      const worst = answers.map((a) => a.rubric[key]).reduce((a, b) => (b.score < a.score ? b : a));
      const reason = cut(worst.reason.replace(/\s+/g, ' ').trim() || '(no reason given)', LIMITS.reason);
      return [key, { score: Math.min(5, Math.max(1, Math.round(worst.score))), reason }];
    }),
  ) as Rubric;
}

/**
 * Keeps the findings GitHub will take: a path of the diff and a head-side line of one of its hunks; a range must
 * lie within one hunk (else it is cut to its last line and the suggestion, which replaces the range, dropped).
 * The same fingerprint twice is posted once.
 */
export function placeFindings(files: DiffFile[], answers: ReviewAnswer[]): { findings: Finding[]; dropped: Record<string, number> } {
  const byPath = new Map(files.map((f) => [f.path, { lines: commentableLines(f), text: headLineText(f) }]));
  const dropped: Record<string, number> = {};
  const drop = (reason: string) => (dropped[reason] = (dropped[reason] ?? 0) + 1);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const f of answers.flatMap((a) => a.findings)) {
    const file = byPath.get(f.path.replace(/^\.?\//, ''));
    const hunk = file?.lines.get(f.line);
    if (!file || hunk === undefined) {
      drop('outside-diff');
      continue;
    }
    const path = f.path.replace(/^\.?\//, '');
    let startLine = f.start_line !== null && f.start_line !== f.line ? f.start_line : undefined;
    // A suggestion replaces the lines as a whole: one cut short would be wrong code.
    let suggestion = f.suggestion !== null && f.suggestion.length <= LIMITS.suggestion ? f.suggestion : undefined;
    if (startLine !== undefined && (startLine > f.line || file.lines.get(startLine) !== hunk)) {
      drop('range-trimmed');
      startLine = undefined;
      suggestion = undefined;
    }
    const title = cut(f.title.replace(/\s+/g, ' ').trim() || 'Review finding', LIMITS.title);
    const fingerprint = findingFingerprint({ path, title, lineText: file.text.get(f.line) ?? '' });
    if (seen.has(fingerprint)) {
      drop('duplicate');
      continue;
    }
    seen.add(fingerprint);
    findings.push({
      source: 'review',
      path,
      line: f.line,
      ...(startLine !== undefined ? { startLine } : {}),
      severity: f.severity,
      title,
      body: cut(f.body.trim(), LIMITS.body),
      ...(suggestion !== undefined ? { suggestion } : {}),
      fingerprint,
    });
  }
  return { findings, dropped };
}
