/**
 * The install command (e.g. `npm ci`) runs before the first attempt, in the same sandbox as the tests: its
 * lifecycle scripts are repository code, so they get neither the job's environment nor a way to change what later
 * steps run (no $GITHUB_PATH, no $GITHUB_ENV, no write into .git).
 */
import { ConfigurationError, redactSecrets, secretValuesFromEnv } from '@eternia/core';
import { buildTestEnv, runInstallCommand } from '@eternia/tools';
import type { DeliveryDeps } from './role-deps.js';

const INSTALL_TIMEOUT_MS = 20 * 60_000;

export async function installToolchain(deps: DeliveryDeps): Promise<void> {
  const command = deps.installCommand?.trim();
  if (!command) return;
  if (!deps.sandbox) throw new ConfigurationError('an install command needs the sandbox the tests run in', "input 'install-command'");
  const base = deps.testEnv ?? process.env;
  const outcome = await runInstallCommand(command, {
    workspace: deps.workspace,
    sandbox: deps.sandbox,
    env: buildTestEnv(deps.policy['env-allow'], base),
    timeoutMs: INSTALL_TIMEOUT_MS,
  });
  const tail = redactSecrets(outcome.output.slice(-4_000), secretValuesFromEnv(base));
  if (outcome.spawnError || outcome.timedOut || outcome.exitCode !== 0) {
    const why = outcome.timedOut
      ? `timed out after ${INSTALL_TIMEOUT_MS / 60_000} minutes`
      : outcome.spawnError
        ? outcome.spawnError.message
        : `exited ${outcome.exitCode ?? outcome.signal}`;
    throw new ConfigurationError(`\`${command}\` ${why}; its output ends:\n${tail}`, "input 'install-command'");
  }
  deps.log?.info(`installed the toolchain with \`${command}\` (${deps.sandbox.describe()})`);
}
