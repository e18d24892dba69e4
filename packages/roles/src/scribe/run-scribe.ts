/**
 * scribe: from the PR's change and its plan, the model proposes documentation updates (README sections, API docs) as
 * a diff and, for an architectural decision, an ADR whose number, file name and front matter are chosen here. The
 * answer is data: checked (consistency, MADR headings), then applied through the patch engine with the docs policy
 * only; a refusal goes back to the model once. The result is a DocsProposal in the dossier, which the publish job
 * re-validates and commits as `docs: …`; or a proposal without a patch that says why no docs are needed. This job
 * writes nothing to GitHub: it holds a read-only token.
 */
import { ConfigurationError, type Policy } from '@eternia/core';
import { GitCommandError } from '@eternia/git';
import { checkFrozen } from '@eternia/github';
import { askModel, Conversation, fenceUntrusted, loadPrompt } from '@eternia/llm';
import { applyPatch, formatRefusals, type PatchReport } from '@eternia/patch';
import {
  collectFileContext,
  shownInPart,
  commitSubject,
  docsPatchPolicy,
  planMessage,
  readPlan,
  renderFileContext,
  writtenPaths,
  type DeliveryDeps,
} from '../delivery/index.js';
import { silentLog } from '../delivery/role-deps.js';
import { DocsProposalSchema, QUALITY_PROPOSAL_FILES, type DocsProposal } from '../quality/proposals.js';
import { ADR_DIR, adrPath, adrSlug, adrTitle, madrProblems, newFileDiff, nextAdrNumber, renderAdr } from './adr.js';
import { SCRIBE_SCHEMA_NAME, ScribeAnswerSchema, type ScribeAnswer } from './answer-schema.js';
import { docsCandidates } from './docs-context.js';

/** What the scribe takes: the delivery roles' dependencies minus tests and sandbox (it runs no repository code). */
export type ScribeDeps = Pick<
  DeliveryDeps,
  'octokit' | 'repo' | 'pull' | 'policy' | 'dossier' | 'git' | 'workspace' | 'model' | 'modelName' | 'promptsDir' | 'configRoot' | 'runId' | 'log'
> & {
  /** The ADR's date; the current time by default. */
  now?: () => Date;
};

/** One model turn and what became of it. */
export interface ScribeAttempt {
  attempt: number;
  outcome: 'invalid-output' | 'inconsistent' | 'invalid-adr' | 'refused' | 'accepted' | 'no-docs';
  detail: string;
}

export type ScribeResult =
  | { status: 'frozen'; attempts: ScribeAttempt[]; proposal: null }
  | { status: 'no-docs'; attempts: ScribeAttempt[]; proposal: DocsProposal }
  | { status: 'proposed'; attempts: ScribeAttempt[]; proposal: DocsProposal & { patch: NonNullable<DocsProposal['patch']> }; adr: string | null }
  /** Both turns refused: nothing proposed; `detail` is the last refusal. */
  | { status: 'refused'; attempts: ScribeAttempt[]; proposal: null; detail: string };

const MODEL_ROLE = 'scribe';
/** One answer, and one repair turn when it is refused. */
const TURNS = 2;
const MAX_DIFF_CHARS = 60_000;
const MAX_PR_TEXT_CHARS = 8_000;
const MAX_DOCS_CHARS = 60_000;
const MAX_ADR_BODY_CHARS = 30_000;
// Code points; DocsProposalSchema counts UTF-16 units (at most 2 per code point) up to 2,000.
const MAX_REASON_CHARS = 1_000;
// Bidi controls and zero-width characters: text a reviewer of the docs diff would not see (Trojan Source).
const HIDDEN = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/u;

export async function runScribe(deps: ScribeDeps): Promise<ScribeResult> {
  const { policy, dossier, git, workspace, pull } = deps;
  const log = deps.log ?? silentLog;
  const attempts: ScribeAttempt[] = [];
  const target = { ...deps.repo, pr: pull.number, issue: pull.issue, freezeLabel: policy.labels.freeze };
  if (await checkFrozen(deps.octokit, target)) {
    log.info(`'${policy.labels.freeze}' is present: the scribe does nothing`);
    return { status: 'frozen', attempts, proposal: null };
  }
  const plan = readPlan(dossier, 'scribe');
  const headSha = await git.headSha();
  const diff = await pullDiff(deps, headSha);
  if (diff.trim() === '') {
    return noDocs(deps, headSha, attempts, `The pull request changes no files against ${pull.baseSha.slice(0, 12)}: there is nothing to document.`);
  }

  const tracked = await git.trackedFiles();
  const changed = await git.changedFiles(pull.baseSha, headSha);
  const candidates = docsCandidates({ policy, tracked, changed, planFiles: plan.files });
  // Numbered after the highest ADR on the branch or on the base branch's head, so a merged ADR is not reused.
  const adrNumber = nextAdrNumber([...tracked, ...(await baseAdrs(deps))]);
  const context = await collectFileContext({
    workspace,
    tracked,
    wanted: candidates.wanted,
    testGlobs: [],
    deny: [...policy.paths.deny],
    maxTotalChars: MAX_DOCS_CHARS,
  });
  const prompt = await loadPrompt('scribe', { ...(deps.configRoot ? { workspace: deps.configRoot } : {}), builtinDir: deps.promptsDir });
  const conversation = new Conversation([
    { role: 'system', content: prompt.text },
    { role: 'user', content: docsPolicyMessage(policy, candidates.adrs, adrNumber) },
    { role: 'user', content: renderFileContext(context) },
    { role: 'user', content: planMessage(plan) },
    { role: 'user', content: await pullTextMessage(deps) },
    { role: 'user', content: changeMessage(diff, changed) },
  ]);

  const patchPolicy = docsPatchPolicy(policy, shownInPart(context));
  let lastProblem = '';
  for (let attempt = 1; attempt <= TURNS; attempt++) {
    await git.discardChanges(headSha);
    const turn = await askModel(deps.model(), {
      role: MODEL_ROLE,
      model: deps.modelName,
      schema: ScribeAnswerSchema,
      schemaName: SCRIBE_SCHEMA_NAME,
      conversation,
      whenTruncated: 'Send a smaller patch: only the sections the change makes wrong or incomplete.',
    });
    if (!turn.ok) {
      attempts.push({ attempt, outcome: 'invalid-output', detail: turn.problem });
      conversation.feedback(turn.raw, turn.problem);
      lastProblem = turn.problem;
      continue;
    }
    const answer = turn.answer;
    const reject = (outcome: ScribeAttempt['outcome'], problem: string): void => {
      log.info(`scribe turn ${attempt}: ${outcome}`);
      attempts.push({ attempt, outcome, detail: problem });
      conversation.feedback(JSON.stringify(answer), problem);
      lastProblem = problem;
    };

    const inconsistency = checkAnswer(answer);
    if (inconsistency) {
      reject('inconsistent', inconsistency);
      continue;
    }
    if (!answer.needed) {
      attempts.push({ attempt, outcome: 'no-docs', detail: 'the model found no docs to update' });
      return noDocs(deps, headSha, attempts, oneLine(answer.reason, MAX_REASON_CHARS));
    }

    const adr = answer.adr ? buildAdr(answer.adr, adrNumber, deps.now?.() ?? new Date()) : null;
    if (adr && !adr.ok) {
      reject('invalid-adr', adr.problem);
      continue;
    }
    const patch = joinPatches(answer.patch, adr ? newFileDiff(adr.path, adr.content) : '');
    const report = await applyPatch({ cwd: workspace, patch, policy: patchPolicy });
    const refusal = report.ok ? newAdrByPatch(report, adr?.path ?? null) : formatRefusals(report);
    if (refusal || !report.ok) {
      reject('refused', `${refusal ?? ''}\nThe tree was reset: send a complete answer against the files as first shown.`.trim());
      continue;
    }
    // Judged on git's own diff of the tree, whatever format (diff or whole-file blocks) the patch came in.
    const hidden = hiddenText(await git.diffFrom(headSha));
    if (hidden) {
      reject('refused', hidden);
      continue;
    }
    const files = writtenPaths(report.files);
    attempts.push({ attempt, outcome: 'accepted', detail: `${files.length} file(s): ${files.join(', ')}` });
    const proposal: DocsProposal & { patch: NonNullable<DocsProposal['patch']> } = {
      version: 1,
      kind: 'docs',
      runId: deps.runId,
      headSha,
      patch: {
        baseSha: headSha,
        patch,
        files,
        subject: commitSubject('docs', answer.summary, `document #${pull.issue}`),
        body: `Documents #${pull.issue}: ${files.join(', ')}.\n\n${oneLine(answer.reason, MAX_REASON_CHARS)}`,
      },
      reason: oneLine(answer.reason, MAX_REASON_CHARS),
    };
    dossier.writeJson(QUALITY_PROPOSAL_FILES.docs, proposal, DocsProposalSchema);
    await git.discardChanges(headSha);
    return { status: 'proposed', attempts, proposal, adr: adr?.path ?? null };
  }
  await git.discardChanges(headSha);
  return { status: 'refused', attempts, proposal: null, detail: lastProblem };
}

/** Why an answer contradicts itself, or null. */
function checkAnswer(answer: ScribeAnswer): string | null {
  if (answer.reason.trim() === '') return "'reason' is empty: say what the docs change covers, or why the change needs no docs.";
  if (!answer.needed && (answer.patch.trim() !== '' || answer.adr !== null)) {
    return "'needed' is false but the answer carries a patch or an ADR: either set 'needed' to true, or leave 'patch' empty and 'adr' null.";
  }
  if (answer.needed && answer.patch.trim() === '' && answer.adr === null) {
    return "'needed' is true but there is neither a patch nor an ADR: send the docs changes, or set 'needed' to false and say why.";
  }
  return null;
}

type BuiltAdr = { ok: true; path: string; content: string } | { ok: false; problem: string };

function buildAdr(adr: NonNullable<ScribeAnswer['adr']>, number: number, date: Date): BuiltAdr {
  const title = adrTitle(adr.title);
  const slug = adrSlug(title);
  const problems: string[] = [];
  if (slug === '') problems.push("the ADR's 'title' needs letters or digits (it names the file)");
  if (adr.body.length > MAX_ADR_BODY_CHARS) problems.push(`the ADR's 'body' is longer than ${MAX_ADR_BODY_CHARS} characters`);
  else problems.push(...madrProblems(adr.body));
  if (problems.length > 0) {
    return { ok: false, problem: `The ADR does not follow the MADR layout:\n${problems.map((p) => `- ${p}`).join('\n')}` };
  }
  return { ok: true, path: adrPath(number, slug), content: renderAdr({ title, body: adr.body, date }) };
}

/** A refusal when the model's own patch adds an ADR: the number and file name are chosen here, not by the model. */
function newAdrByPatch(report: Extract<PatchReport, { ok: true }>, ours: string | null): string | null {
  const added = report.files.filter((f) => (f.action === 'create' || f.action === 'rename') && f.path.startsWith(`${ADR_DIR}/`) && f.path !== ours);
  if (added.length === 0) return null;
  return `The patch adds ${added.map((f) => f.path).join(', ')}: a new ADR goes in the 'adr' field (title and MADR sections), which numbers and names the file; the patch may only edit existing files there.`;
}

/** A refusal when an added line of a unified diff holds characters that render as nothing or reorder text, or null. */
function hiddenText(patch: string): string | null {
  // Header lines (`+++ b/path`) are tested too: an added line "++ …" looks like one, and a path has no business
  // holding such characters either.
  const lines = patch.split('\n').filter((l) => l.startsWith('+') && HIDDEN.test(l));
  if (lines.length === 0) return null;
  return `${lines.length} added line(s) hold invisible or bidirectional-control characters (zero-width spaces, bidi overrides, tag characters): documentation must read the same to a reviewer as to a machine. Remove them.`;
}

function joinPatches(a: string, b: string): string {
  if (a.trim() === '') return b;
  if (b === '') return a;
  return `${a.endsWith('\n') ? a : `${a}\n`}${b}`;
}

async function noDocs(deps: ScribeDeps, headSha: string, attempts: ScribeAttempt[], reason: string): Promise<ScribeResult> {
  const proposal: DocsProposal = { version: 1, kind: 'docs', runId: deps.runId, headSha, patch: null, reason };
  deps.dossier.writeJson(QUALITY_PROPOSAL_FILES.docs, proposal, DocsProposalSchema);
  await deps.git.discardChanges(headSha);
  return { status: 'no-docs', attempts, proposal };
}

async function pullDiff(deps: ScribeDeps, headSha: string): Promise<string> {
  try {
    return await deps.git.pullDiff(deps.pull.baseSha, headSha);
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    throw new ConfigurationError(
      `the checkout cannot show the pull request's diff against its base ${deps.pull.baseSha.slice(0, 12)} (check out the PR branch with fetch-depth: 0): ${error.message}`,
      'workspace',
      { cause: error },
    );
  }
}

/** ADRs on the base branch's head; none when the checkout lacks that commit (the branch's own ADRs still count). */
async function baseAdrs(deps: ScribeDeps): Promise<string[]> {
  try {
    return await deps.git.filesAt(deps.pull.baseSha, ADR_DIR);
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    (deps.log ?? silentLog).warning(`the ADRs of the base ${deps.pull.baseSha.slice(0, 12)} could not be listed; numbering after the branch's own`);
    return [];
  }
}

function docsPolicyMessage(policy: Policy, adrs: readonly string[], next: number): string {
  return [
    'Policy for your docs changes (enforced by the patch engine; anything else is refused):',
    `- Only documentation may change: paths matching ${policy.paths.docs.join(', ')}; never ${policy.paths.deny.join(', ')}, dotfiles or dot-folders, nor agent instruction files (AGENTS.md, CLAUDE.md, GEMINI.md).`,
    `- At most ${policy.limits['max-patch-lines']} changed lines and ${policy.limits['max-files']} files; at most ${policy.limits['max-deleted-lines']} deleted lines and ${policy.limits['max-deleted-files']} deleted files.`,
    '- `patch` is a unified diff against the files exactly as shown, or whole-file blocks for new files.',
    '- A file shown in part (an excerpt, or its first characters) is changed with a diff of lines that are shown, never with a whole-file block.',
    `- A new architecture decision record goes in \`adr\`, never in \`patch\`: it will be written as ${adrPath(next, '<title>')} with MADR front matter and your title. ${adrs.length > 0 ? `Existing ADRs: ${adrs.join(', ')}.` : 'There are no ADRs yet.'}`,
  ].join('\n');
}

async function pullTextMessage(deps: ScribeDeps): Promise<string> {
  const { data } = await deps.octokit.rest.pulls.get({ ...deps.repo, pull_number: deps.pull.number });
  return fenceUntrusted(`pull request #${deps.pull.number}: title and description`, `${data.title}\n\n${data.body ?? ''}`, MAX_PR_TEXT_CHARS);
}

function changeMessage(diff: string, changed: readonly string[]): string {
  return [
    `The change to document (${changed.length} file(s): ${changed.slice(0, 200).join(', ')}):`,
    fenceUntrusted('the pull request diff', diff, MAX_DIFF_CHARS),
    'Answer with JSON: needed, reason, summary, patch, adr. Update only documentation the change makes wrong or incomplete; when it needs none, set needed to false and say why.',
  ].join('\n');
}

function oneLine(text: string, max: number): string {
  const line = text
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line;
}
