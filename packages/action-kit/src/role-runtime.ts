import { budgetOf, ConfigurationError, mergePolicy, modelFor, ROLES, type Octokit, type Policy, type Role, type RunnerContext } from '@eternia/core';
import {
  Dossier,
  assertDossierRun,
  dossierFindBy,
  dossierStoreFromEnv,
  namedRunError,
  originRefusal,
  readTrustedRunRules,
  type DossierOrigin,
  type RunStatus,
} from '@eternia/dossier';
import { Git, gitAuthEnv } from '@eternia/git';
import { resolveBotLogin } from '@eternia/github';
import { createModelClient, Ledger, LedgerEntrySchema, priceTableFromPolicy, type ModelClient } from '@eternia/llm';
import { z } from 'zod';
import { createActionContext, type ActionContext } from './action-context.js';
import type { RoleActionDeps } from './action-deps.js';
import { readDefaultBranchConfig } from './default-branch-config.js';
import { readAgentPull, type AgentPull } from './pull-request.js';

/** The inputs every flow role (plan, write-tests, implement, …) declares in its action.yml. */
export interface RoleInputs {
  githubToken?: string | undefined;
  pr: number;
  policyFile?: string | undefined;
  openaiApiKey?: string | undefined;
  openaiBaseUrl?: string | undefined;
  model?: string | undefined;
  /** Continue from the dossier of this earlier workflow run (per-step runs by hand). */
  dossierRunId?: number | undefined;
  /** Workflow files whose runs may hold the dossier (a run's `path`); DEFAULT_DOSSIER_WORKFLOWS when unset. */
  workflows?: string[] | undefined;
  /** Overrides the policy's bot-login. */
  botLogin?: string | undefined;
}

/** Roles that ask a model, plus those that only read GitHub and the dossier. */
export type RuntimeRole = Role | 'ci' | 'report' | 'publish' | (string & {});

export interface RoleRuntime {
  role: RuntimeRole;
  runner: RunnerContext;
  repo: { owner: string; repo: string };
  policy: Policy;
  policyLoaded: { source: string | null; notices: string[] };
  /** The default branch, whose policy and prompt overrides this run uses. */
  defaultBranch: string;
  /** A private folder with the default branch's `.github/agents/prompts/`: the workspace loadPrompt reads overrides from. */
  configRoot: string;
  octokit: Octokit;
  pull: AgentPull;
  dossier: Dossier;
  ledger: Ledger;
  /** The model this role uses (policy, then the `model` input); '' for roles that ask none. */
  modelName: string;
  /** Built on first use, so roles that need no model never require a key. */
  model(): ModelClient;
  /** The login the token writes as (GET /user, else the policy's bot-login); asked once, on first use. */
  botLogin(): Promise<string>;
  /**
   * Git in the workspace, able to push: with the checkout's persisted credentials when it has them, else with the
   * token handed only to the git processes (checkout with persist-credentials: false keeps it out of .git/config).
   */
  git(): Promise<Git>;
  /** Adds this job's run entry to the dossier: the one place its shape is decided. */
  recordRun(status: RunStatus, sha?: string): void;
  /**
   * After a role failed: records the failure and saves the dossier, so the ledger keeps what the failed attempts
   * cost. A save error is only warned about; the role's own error is the one to report.
   */
  saveAfterFailure(sha: string): Promise<void>;
  /** Writes the ledger into the dossier and saves it. */
  saveDossier(): Promise<void>;
}

function isModelRole(role: RuntimeRole): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

const LEDGER_FILE = 'ledger.json';
const ledgerFileSchema = z.object({ entries: z.array(LedgerEntrySchema) });

export type RoleRuntimeDeps = Pick<RoleActionDeps, 'io' | 'env' | 'cwd' | 'fetch' | 'dossierStore' | 'artifactClient'>;

/** Everything a flow role needs, built once from the runner's environment and the role's inputs. */
export async function createRoleRuntime(role: RuntimeRole, inputs: RoleInputs, deps: RoleRuntimeDeps): Promise<RoleRuntime> {
  const context = await createActionContext(deps, { githubToken: inputs.githubToken });
  return createPullRuntime(context, role, inputs, deps);
}

/** The PR runtime on top of an action context: the agent PR, the default branch's policy, the dossier and ledger. */
export async function createPullRuntime(
  context: ActionContext,
  role: RuntimeRole,
  inputs: RoleInputs,
  deps: Pick<RoleActionDeps, 'fetch' | 'dossierStore' | 'artifactClient'>,
  /** The policy's models.<key> when it is not the role's own name (security-scan asks models.security). */
  modelKey?: Role,
): Promise<RoleRuntime> {
  const { io, env, runner, repo, octokit, token } = context;
  // Never the checkout's copy: the agent branch is written by the model.
  const trusted = await readDefaultBranchConfig(octokit, repo, { policyFile: inputs.policyFile, tempDir: env.RUNNER_TEMP || undefined });
  const loaded = trusted.loaded;
  const modelRole = modelKey ?? (isModelRole(role) ? role : null);
  const policy = mergePolicy(loaded.policy, [
    ...(modelRole ? [{ input: 'model', key: `models.${modelRole}`, value: inputs.model }] : []),
    { input: 'bot-login', key: 'bot-login', value: inputs.botLogin },
  ]);
  const pull = await readAgentPull(octokit, repo, inputs.pr);

  const repository = `${repo.owner}/${repo.repo}`;
  const findBy = dossierFindBy({ token, runId: inputs.dossierRunId, owner: repo.owner, repo: repo.repo });
  const earlier = findBy
    ? await trustEarlierRun(octokit, repo, findBy.workflowRunId, { repository, pr: pull.number, branch: pull.branch }, inputs.workflows)
    : {};
  const store =
    deps.dossierStore ??
    dossierStoreFromEnv(env, { ...(findBy ? { findBy } : {}), ...earlier, ...(deps.artifactClient ? { artifactClient: deps.artifactClient } : {}) });
  const dossier =
    (await store.load({ repository, pr: pull.number })) ?? Dossier.create({ repository, pr: pull.number, issue: pull.issue, branch: pull.branch });
  const saved = dossier.readJson(LEDGER_FILE, ledgerFileSchema);
  const ledger = saved ? Ledger.fromJSON(saved, `${LEDGER_FILE} in the dossier`) : new Ledger();
  const ledgerAtLoad = ledger.entries.length;
  /**
   * Jobs of one run may work side by side (review and security-scan): before saving, take in what another job
   * saved since this one loaded (its files and run entries, and its model calls in the ledger), so neither
   * revision drops the other's work.
   */
  const saveMerged = async (): Promise<void> => {
    const latest = await store.load({ repository, pr: pull.number });
    let entries = ledger.toJSON().entries;
    if (latest) {
      dossier.absorb(latest);
      const theirs = latest.readJson(LEDGER_FILE, ledgerFileSchema)?.entries ?? [];
      entries = [...theirs, ...entries.slice(ledgerAtLoad)];
    }
    dossier.writeJson(LEDGER_FILE, { entries }, ledgerFileSchema);
    await store.save(dossier);
  };

  const modelName = modelRole ? modelFor(policy, modelRole) : '';
  let client: ModelClient | undefined;
  const model = (): ModelClient => {
    if (client) return client;
    if (!modelRole) throw new Error(`the ${role} role asks no model`);
    const apiKey = (inputs.openaiApiKey ?? '').trim();
    if (!apiKey) {
      throw new ConfigurationError(
        'a model API key is required; pass `openai-api-key: ${{ secrets.OPENAI_API_KEY }}` (any OpenAI-compatible provider with `openai-base-url`)',
        "input 'openai-api-key'",
      );
    }
    io.setSecret(apiKey);
    const budget = budgetOf(policy);
    client = createModelClient({
      apiKey,
      ...(inputs.openaiBaseUrl ? { baseURL: inputs.openaiBaseUrl } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ledger,
      budget: { maxTokens: budget.maxTokens, maxCostUsd: budget.maxCostUsd },
      requirePrices: budget.requirePrices,
      prices: priceTableFromPolicy(policy.budget.prices),
      onNotice: (message) => io.warning(message),
    });
    return client;
  };

  let login: Promise<string> | undefined;
  const botLogin = (): Promise<string> => (login ??= resolveBotLogin(octokit, policy['bot-login']));

  const git = async (): Promise<Git> => {
    const plain = new Git({ cwd: runner.workspace });
    if (await plain.hasPersistedCredentials()) return plain;
    return new Git({ cwd: runner.workspace, env: gitAuthEnv(token, runner.serverUrl) });
  };

  const recordRun = (status: RunStatus, sha: string = pull.headSha): void => {
    dossier.recordRun({ role, runId: runner.runId, attempt: Math.max(1, runner.runAttempt), sha, status });
  };

  return {
    role,
    botLogin,
    git,
    runner,
    repo,
    policy,
    policyLoaded: { source: loaded.source, notices: [...loaded.notices] },
    defaultBranch: trusted.defaultBranch,
    configRoot: trusted.configRoot,
    octokit,
    pull,
    dossier,
    ledger,
    modelName,
    model,
    recordRun,
    async saveAfterFailure(sha: string) {
      try {
        recordRun('failure', sha);
        await saveMerged();
      } catch (error) {
        io.warning(`the dossier could not be saved after the failure: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    async saveDossier() {
      await saveMerged();
    },
  };
}

/**
 * For `dossier-run-id`: the run must be one that may hold this PR's dossier (this repository, not a fork, a trusted
 * workflow file, the default or the agent branch), else a ConfigurationError naming the input; the dossier read
 * from it must then name this repository, PR and branch (checked by the store before it is used).
 * Passing these checks makes the dossier readable, not trusted: it stays data to re-check.
 */
async function trustEarlierRun(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  runId: number,
  expected: DossierOrigin,
  workflows: readonly string[] | undefined,
): Promise<{ checkEarlier: (dossier: Dossier) => void }> {
  const rules = await readTrustedRunRules(octokit, { ...repo, agentBranch: expected.branch, workflows });
  await assertDossierRun(octokit, { ...repo, runId, rules });
  return {
    checkEarlier: (dossier) => {
      const refusal = originRefusal(runId, dossier.manifest, expected);
      if (refusal) throw namedRunError(refusal);
    },
  };
}
