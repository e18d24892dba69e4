import type { Octokit, Policy } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import { checkFrozen, isFreezeLabel, upsertStickyComment } from '@eternia/github';
import { loadPrompt, type ModelClient } from '@eternia/llm';
import { readPlanIssue } from './issue-context.js';
import { planMessages } from './plan-messages.js';
import { PLAN_FILE, PLAN_SCHEMA_NAME, PlanFileSchema, PlanSchema, type FlaggedFile, type Plan, type PlanFile } from './plan-schema.js';
import { renderPlanComment } from './render-plan.js';
import { readRepoAtlas } from './repo-atlas.js';
import { gitTrackedFiles, type TrackedFiles } from './tracked-files.js';
import { validatePlan } from './validate-plan.js';

/** The sticky-comment key of the plan: the PR's first comment. */
export const PLAN_STICKY_KEY = 'plan';
export const PLANNER_PROMPT = 'planner';

export interface PlanSettings {
  /** Most recent issue comments (not the bot's) the planner reads. */
  maxComments: number;
  commentChars: number;
  titleChars: number;
  /** Tracked paths listed to the planner, and the characters that listing may take. */
  maxFiles: number;
  listingChars: number;
  atlasChars: number;
}

export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  maxComments: 20,
  commentChars: 4_000,
  titleChars: 300,
  maxFiles: 2_000,
  listingChars: 60_000,
  atlasChars: 40_000,
};

export interface PlanDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  /** The agent PR, read fresh from the API (labels included). */
  pull: { number: number; issue: number; headSha: string; labels: readonly string[] };
  policy: Policy;
  /** Called only when the run goes as far as the model, so a frozen run needs no key. */
  model: () => ModelClient;
  modelName: string;
  /** The library's built-in prompts; `.github/agents/prompts/` of configRoot (the default branch's) overrides them. */
  configRoot?: string;
  promptsDir: string;
  dossier: Dossier;
  /** The checkout of the repository (GITHUB_WORKSPACE). */
  workspace: string;
  /** The repo atlas file (the `repo-atlas` input, outside the checkout); none: the plan sees the file list only. */
  atlasFile?: string;
  /** The login the token writes as: its comments are not read as issue input, and only its sticky comment is updated. */
  botLogin: string;
  listFiles?: (workspace: string, max: number) => Promise<TrackedFiles | null>;
  clock?: () => Date;
  log?: { info(message: string): void; warning(message: string): void };
  settings?: Partial<PlanSettings>;
}

export type PlanResult =
  | { frozen: true; frozenOn: string; label: string }
  | {
      frozen: false;
      commentId: number;
      commentAction: 'created' | 'updated' | 'unchanged';
      plan: Plan;
      flagged: FlaggedFile[];
      notes: string[];
      markdown: string;
      file: PlanFile;
    };

/**
 * The plan role: issue + policy + repository context → a validated plan, posted as the PR's sticky `plan`
 * comment and written to the dossier as plan.json. The freeze label stops it before anything is read
 * from the model and again right before the comment is written.
 */
export async function runPlan(deps: PlanDeps): Promise<PlanResult> {
  const settings = { ...DEFAULT_PLAN_SETTINGS, ...deps.settings };
  const { octokit, repo, pull, policy } = deps;
  const freezeLabel = policy.labels.freeze;
  const log = deps.log ?? { info: () => {}, warning: () => {} };
  const clock = deps.clock ?? (() => new Date());
  const frozen = (on: string): PlanResult => {
    log.info(`${on} carries '${freezeLabel}': the plan writes nothing`);
    return { frozen: true, frozenOn: on, label: freezeLabel };
  };

  if (hasLabel(pull.labels, freezeLabel)) return frozen(`pull request #${pull.number}`);
  const issue = await readPlanIssue(octokit, repo, pull.issue, {
    botLogin: deps.botLogin,
    maxComments: settings.maxComments,
    readyLabel: policy.labels.ready,
    commentAuthors: policy['issue-text']['comment-authors'],
  }).catch(async (error: unknown) => {
    // A frozen issue is a human's hand on it: that wins over any complaint about its text.
    if (await checkFrozen(octokit, { ...repo, pr: pull.number, issue: pull.issue, freezeLabel, prLabels: pull.labels })) return null;
    throw error;
  });
  if (!issue) return frozen(`issue #${pull.issue}`);
  if (hasLabel(issue.labels, freezeLabel)) return frozen(`issue #${issue.number}`);
  if (issue.commentsAfterReady + issue.commentsByOthers > 0) {
    log.info(
      `issue #${issue.number}: ${issue.commentsAfterReady} comment(s) written or edited after '${policy.labels.ready}' was added (${issue.readyLabeledAt}) and ${issue.commentsByOthers} by authors the policy does not trust were left out`,
    );
  }

  const [files, atlasRead, prompt] = await Promise.all([
    (deps.listFiles ?? gitTrackedFiles)(deps.workspace, settings.maxFiles),
    // The map fits the prompt's atlas share (about 4 characters a token).
    readRepoAtlas(deps.dossier, deps.atlasFile, { text: `${issue.title}\n${issue.body}`, tokenBudget: Math.floor(settings.atlasChars / 4) }),
    loadPrompt(PLANNER_PROMPT, { ...(deps.configRoot ? { workspace: deps.configRoot } : {}), builtinDir: deps.promptsDir }),
  ]);
  if (!files) log.warning(`no file listing: ${deps.workspace} is not a git checkout (run actions/checkout before this step)`);
  if (atlasRead.note) log.warning(atlasRead.note);
  else if (atlasRead.atlas) log.info(`repo atlas: ${atlasRead.atlas.source}`);
  else if (deps.atlasFile) log.info(`no repo atlas at ${deps.atlasFile}: the plan sees the file list only`);

  const repository = `${repo.owner}/${repo.repo}`;
  const { messages, notes: inputNotes } = planMessages({
    systemPrompt: prompt.text,
    policy,
    repository,
    files,
    atlas: atlasRead.atlas,
    issue,
    pr: pull.number,
    limits: { ...settings, bodyChars: policy.limits['issue-body-chars'] },
  });

  const client = deps.model();
  const before = client.ledger.entries.length;
  const answer = await client.structured({ role: 'plan', model: deps.modelName, schema: PlanSchema, schemaName: PLAN_SCHEMA_NAME, messages });
  const calls = client.ledger.entries.slice(before);
  const usage = {
    calls: calls.length,
    inputTokens: calls.reduce((sum, e) => sum + e.inputTokens, 0),
    cachedTokens: calls.reduce((sum, e) => sum + e.cachedTokens, 0),
    outputTokens: calls.reduce((sum, e) => sum + e.outputTokens, 0),
  };

  const validated = validatePlan(answer, policy);
  const notes = [...inputNotes, ...(atlasRead.note ? [atlasRead.note] : []), ...validated.notes];
  const promptInfo = { name: PLANNER_PROMPT, version: prompt.version, overridden: prompt.overridden };
  const markdown = renderPlanComment(validated.plan, {
    issue: { number: issue.number, title: issue.title },
    model: deps.modelName,
    prompt: promptInfo,
    usage,
    notes,
  });

  // The model call can take a minute: a human may have frozen the PR or the issue meanwhile.
  const frozenNow = await checkFrozen(octokit, { ...repo, pr: pull.number, issue: issue.number, freezeLabel });
  if (frozenNow) return frozen(frozenNow === 'pr' ? `pull request #${pull.number}` : `issue #${issue.number}`);

  const comment = await upsertStickyComment(octokit, {
    ...repo,
    issueNumber: pull.number,
    key: PLAN_STICKY_KEY,
    body: markdown,
    botLogin: deps.botLogin,
  });
  log.info(`plan comment ${comment.id} ${comment.action} on pull request #${pull.number}`);

  const file: PlanFile = {
    version: 1,
    issue: issue.number,
    pr: pull.number,
    comment_id: comment.id,
    model: deps.modelName,
    prompt: promptInfo,
    plan: validated.plan,
    flagged_files: validated.flagged,
    notes,
    usage: { calls: usage.calls, input_tokens: usage.inputTokens, cached_tokens: usage.cachedTokens, output_tokens: usage.outputTokens },
    created_at: clock().toISOString(),
  };
  deps.dossier.writeJson(PLAN_FILE, file, PlanFileSchema);

  return {
    frozen: false,
    commentId: comment.id,
    commentAction: comment.action,
    plan: validated.plan,
    flagged: validated.flagged,
    notes,
    markdown,
    file,
  };
}

function hasLabel(labels: readonly string[], freezeLabel: string): boolean {
  return labels.some((label) => isFreezeLabel(label, freezeLabel));
}

/** The validated plan a previous plan job left in the dossier, or null. */
export function readPlanFile(dossier: Pick<Dossier, 'readJson'>): PlanFile | null {
  return dossier.readJson(PLAN_FILE, PlanFileSchema);
}
