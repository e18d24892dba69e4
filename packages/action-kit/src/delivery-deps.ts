import { Git, hardenedGitEnv, resolveGit } from '@eternia/git';
import { type DeliveryDeps, type RunTestsFn } from '@eternia/roles/delivery';
import { openSandbox, type Sandbox } from '@eternia/tools';
import type { RoleActionDeps } from './action-deps.js';
import type { RoleRuntime } from './role-runtime.js';

/**
 * The dependencies write-tests and implement share, built from the runtime. These jobs run repository and
 * model-written code, so git here holds no credentials and runs no hooks, and that code runs in the sandbox
 * (another OS user, its own PID namespace), opened here and closed by the caller.
 */
export async function deliveryDeps(
  runtime: RoleRuntime,
  deps: RoleActionDeps & { runTests?: RunTestsFn; sandbox?: Sandbox; installCommand?: string | undefined; atlasFile?: string | undefined },
  promptsDir: string,
): Promise<DeliveryDeps & { sandbox: Sandbox }> {
  const workspace = runtime.runner.workspace;
  const log = { info: (m: string) => deps.io.info(m), warning: (m: string) => deps.io.warning(m) };
  const tempDir = deps.env.RUNNER_TEMP || undefined;
  const gitEnv = hardenedGitEnv({ tempDir });
  const gitPath = resolveGit();
  const sandbox =
    deps.sandbox ??
    (await openSandbox({ network: runtime.policy.sandbox.network, allowUnsandboxed: runtime.policy.sandbox['allow-unsandboxed'], log: log.info }));
  return {
    octokit: runtime.octokit,
    repo: runtime.repo,
    pull: runtime.pull,
    policy: { ...runtime.policy, 'bot-login': await runtime.botLogin() },
    dossier: runtime.dossier,
    git: new Git({ cwd: workspace, env: gitEnv, inheritEnv: false, gitPath }),
    workspace,
    model: runtime.model,
    modelName: runtime.modelName,
    promptsDir: deps.promptsDir ?? promptsDir,
    configRoot: runtime.configRoot,
    runId: runtime.runner.runId,
    testEnv: deps.env,
    sandbox,
    ...(deps.installCommand ? { installCommand: deps.installCommand } : {}),
    ...(deps.atlasFile ? { atlasFile: deps.atlasFile } : {}),
    ...(deps.runTests ? { runTests: deps.runTests } : {}),
    log,
  };
}
