import { WorkspaceGit, type DeliveryDeps, type RunTestsFn } from '@eternia/roles/delivery';
import type { RoleActionDeps } from './role-action-deps.js';
import type { RoleRuntime } from './role-runtime.js';

/** The dependencies write-tests and implement share, built from the runtime: a pushable git, the bot identity, prompts. */
export async function deliveryDeps(
  runtime: RoleRuntime,
  deps: RoleActionDeps & { runTests?: RunTestsFn },
  promptsDir: string,
): Promise<DeliveryDeps> {
  const workspace = runtime.runner.workspace;
  return {
    octokit: runtime.octokit,
    repo: runtime.repo,
    pull: runtime.pull,
    policy: { ...runtime.policy, 'bot-login': await runtime.botLogin() },
    dossier: runtime.dossier,
    git: await runtime.git(),
    workspaceGit: new WorkspaceGit({ cwd: workspace }),
    workspace,
    model: runtime.model,
    modelName: runtime.modelName,
    promptsDir: deps.promptsDir ?? promptsDir,
    configRoot: runtime.configRoot,
    runId: runtime.runner.runId,
    testEnv: deps.env,
    ...(deps.runTests ? { runTests: deps.runTests } : {}),
    log: { info: (m) => deps.io.info(m), warning: (m) => deps.io.warning(m) },
  };
}
