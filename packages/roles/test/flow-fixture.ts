import { createOctokit, type Octokit } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import { startGitHubEmulator, type GitHubEmulator } from '@eternia/testkit';

export const BOT = 'github-actions[bot]';

export interface FlowFixture {
  emu: GitHubEmulator;
  /** Like GITHUB_TOKEN: the bot the flow runs as. */
  bot: Octokit;
  human: Octokit;
  repo: { owner: string; repo: string };
  issue: number;
  pr: number;
  branch: string;
  headSha: string;
  dossier: Dossier;
  close(): Promise<void>;
}

/** An emulated repository with an issue, an agent branch with one commit, and its Draft PR (as the supervisor leaves them). */
export async function flowFixture(name: string): Promise<FlowFixture> {
  const emu = await startGitHubEmulator();
  emu.addToken('ghs_bot', BOT, { type: 'Bot' });
  emu.addToken('human-token', 'maintainer');
  const repo = { owner: 'acme', repo: name };
  await emu.createRepo({ owner: 'acme', name, files: { 'README.md': '# shop\n', 'src/cart.js': 'export const total = () => 0;\n' } });
  for (const label of ['agent:ready', 'needs-human-review']) await emu.createLabel({ ...repo, name: label });
  const make = (token: string) => createOctokit({ token, baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
  const human = make('human-token');
  const bot = make('ghs_bot');

  const issue = (await emu.createIssue({ ...repo, title: 'Cart total ignores quantities', body: 'Multiply by quantity.', user: 'maintainer' }))
    .number as number;
  const branch = `agent/${issue}-cart-total`;
  const { data: main } = await human.rest.git.getRef({ ...repo, ref: 'heads/main' });
  await human.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.object.sha });
  const { data: file } = await human.rest.repos.getContent({ ...repo, path: 'src/cart.js', ref: branch });
  const put = await bot.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: 'src/cart.js',
    branch,
    message: 'feat: multiply by quantity',
    content: Buffer.from('export const total = (items) => items.reduce((n, i) => n + i.price * i.qty, 0);\n').toString('base64'),
    sha: (file as { sha: string }).sha,
  });
  const pull = await emu.createPullRequest({
    ...repo,
    title: `Agent: #${issue}`,
    head: branch,
    body: `<!-- eternia-agents:issue:${issue} -->\nCloses #${issue}`,
    draft: true,
    user: BOT,
  });
  const dossier = Dossier.create({ repository: `${repo.owner}/${repo.repo}`, pr: pull.number as number, issue, branch });
  return {
    emu,
    bot,
    human,
    repo,
    issue,
    pr: pull.number as number,
    branch,
    headSha: put.data.commit.sha!,
    dossier,
    close: () => emu.close(),
  };
}

/** A clock that jumps when the code under test sleeps, so waiting costs no wall time. */
export function fakeClock(start = 1_700_000_000_000): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}

export const quietLog = { info: () => {}, warning: () => {} };
