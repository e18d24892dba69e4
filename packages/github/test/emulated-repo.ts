import { createOctokit, type Octokit } from '@eternia/core';
import { startGitHubEmulator, type GitHubEmulator } from '@eternia/testkit';

export const BOT = 'github-actions[bot]';
export const repo = { owner: 'o', repo: 'r' };

/**
 * One fresh repository o/r on the testkit GitHub emulator, the bot (a write collaborator) acting through `octokit()`,
 * and `seed`, an owner's client for arranging state: its requests are forgotten by `forgetRequests()`.
 */
export interface EmulatedRepo {
  gh: GitHubEmulator;
  octokit(): Octokit;
  seed: Octokit;
  forgetRequests(): void;
  /** The issue's comments as stored, oldest first. */
  comments(issueNumber: number): Array<{ id: number; body: string; login: string }>;
  close(): Promise<void>;
}

export async function startEmulatedRepo(): Promise<EmulatedRepo> {
  const gh = await startGitHubEmulator();
  gh.addToken('test-token', BOT, { type: 'Bot' });
  gh.addToken('owner-token', repo.owner);
  await gh.createRepo({ owner: repo.owner, name: repo.repo, files: { 'README.md': '# r\n' } });
  gh.addCollaborator(repo, BOT, 'write');
  const client = (token: string) => createOctokit({ token, baseUrl: gh.url, fetch: globalThis.fetch, retries: 0 });
  const seed = client('owner-token');
  return {
    gh,
    seed,
    octokit: () => client('test-token'),
    forgetRequests: () => void gh.requests.splice(0),
    comments: (issueNumber) =>
      gh.state
        .repo(repo.owner, repo.repo)!
        .comments.filter((c) => c.issueNumber === issueNumber)
        .map((c) => ({ id: c.id, body: c.body, login: c.user.login })),
    close: () => gh.close(),
  };
}
