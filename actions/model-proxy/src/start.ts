import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { budgetOf, ConfigurationError, escapeMarkdown, loadPolicy, policySummary, type InputValues } from '@eternia/core';
import { launchProxy } from './launch.js';
import type { inputsSchema, ModelProxyActionDeps } from './main.js';
import { asUser, canRun, detectPrivilege, ensureUser, type ProxyUser } from './privilege.js';
import { stageBundle } from './stage-bundle.js';

/** Hosted jobs end after 6 hours; a proxy whose post never ran stops by itself soon after. */
const MAX_LIFETIME_MS = 7 * 60 * 60 * 1000;
/** Where a node the proxy user can run may be, when the runner's own is out of its reach. */
const SYSTEM_NODES = ['/usr/local/bin/node', '/usr/bin/node'];

export async function startPhase(deps: ModelProxyActionDeps, inputs: InputValues<typeof inputsSchema>): Promise<void> {
  const { io, env, state } = deps;
  const apiKey = inputs.openaiApiKey.trim();
  io.setSecret(apiKey);
  const workspace = env.GITHUB_WORKSPACE || deps.cwd;
  const loaded = await loadPolicy({ workspace, file: inputs.policyFile });
  const { budget } = loaded.policy;

  const privilege = (deps.detectPrivilege ?? detectPrivilege)();
  const user: ProxyUser | undefined = privilege === 'none' ? undefined : ensureUser(privilege, inputs.user);
  const staged = stageBundle(deps.bundlePath);
  state.save('staged-dir', staged.dir);
  const node = [deps.nodePath, ...SYSTEM_NODES].find((candidate) => existsSync(candidate) && canRun(privilege, user, candidate));
  if (!node) {
    throw new ConfigurationError(
      `user '${user?.name}' cannot run node (${[deps.nodePath, ...SYSTEM_NODES].join(', ')}); install node where other users can run it`,
      "input 'user'",
    );
  }

  const accessToken = randomBytes(32).toString('base64url');
  const controlToken = randomBytes(32).toString('base64url');
  io.setSecret(accessToken);
  io.setSecret(controlToken);
  const launched = await launchProxy(
    asUser(privilege, user, [node, staged.entry, '--serve']),
    {
      apiKey,
      accessToken,
      controlToken,
      ...(inputs.openaiBaseUrl ? { upstream: inputs.openaiBaseUrl } : {}),
      budget: budgetOf(loaded.policy),
      prices: budget.prices,
      maxLifetimeMs: MAX_LIFETIME_MS,
    },
    [apiKey, accessToken, controlToken],
  );
  state.save('pid', String(launched.pid));
  state.save('control-url', launched.controlUrl);
  state.save('control-token', controlToken);
  state.save('privilege', privilege);

  io.setOutput('base-url', launched.url);
  io.setOutput('access-token', accessToken);
  io.setOutput('proxy-user', user?.name ?? '');
  const who = user ? `user \`${user.name}\` (uid ${user.uid}, ${privilege === 'root' ? 'setpriv' : 'sudo'})` : "the job's own user";
  io.info(`model proxy listening at ${launched.url} as ${user ? `${user.name} (uid ${user.uid})` : 'the job user'}, pid ${launched.pid}`);
  const lines = [
    '## Model proxy',
    '',
    `Listening at \`${launched.url}\` as ${who}, pid ${launched.pid}; forwards chat completions and responses to ${escapeMarkdown(inputs.openaiBaseUrl || 'https://api.openai.com/v1')} within budget.max-tokens ${budget['max-tokens']} and budget.max-cost-usd $${budgetOf(loaded.policy).maxCostUsd}.`,
  ];
  if (!user) {
    const warning =
      "neither root nor passwordless sudo is available, so the model proxy runs as the job's own user: code this job runs as that user could read the provider key from the proxy's memory";
    io.warning(warning);
    lines.push('', `**Not isolated:** ${warning}.`);
  }
  await io.appendSummary(`${lines.join('\n')}\n\n${policySummary({ source: loaded.source, notices: loaded.notices })}`);
}
