import { createOctokit, type Octokit } from '@eternia/core';
import { startGitHubEmulator, type GitHubEmulator } from '@eternia/testkit';
import type { SupervisorSettings } from '../src/supervisor/index.js';

export const BOT = 'github-actions[bot]';

export interface SupervisorFixture {
  emu: GitHubEmulator;
  bot: Octokit;
  human: Octokit;
  repo: { owner: string; repo: string };
  settings: SupervisorSettings;
  close(): Promise<void>;
}

/** An emulated repository with the agent labels, a bot token (like GITHUB_TOKEN) and a human maintainer. */
export async function supervisorFixture(name: string): Promise<SupervisorFixture> {
  const emu = await startGitHubEmulator();
  emu.addToken('ghs_bot', BOT, { type: 'Bot' });
  emu.addToken('human-token', 'maintainer');
  const repo = { owner: 'acme', repo: name };
  await emu.createRepo({ owner: 'acme', name, files: { 'README.md': '# shop\n', 'src/cart.js': 'export const total = () => 0;\n' } });
  for (const label of ['agent:ready', 'needs-human-review', 'red-mode', 'bug']) await emu.createLabel({ ...repo, name: label });
  const make = (token: string) => createOctokit({ token, baseUrl: emu.url, fetch: globalThis.fetch, retries: 1 });
  return {
    emu,
    bot: make('ghs_bot'),
    human: make('human-token'),
    repo,
    settings: {
      readyLabel: 'agent:ready',
      freezeLabel: 'needs-human-review',
      redModeLabel: 'red-mode',
      fixLabels: ['bug'],
      botPrLabel: 'agent',
      maxIssues: 5,
      botLogin: BOT,
    },
    close: () => emu.close(),
  };
}

export const quietLog = { info: () => {}, warning: () => {} };
