/**
 * The policy and the prompt overrides as they are on the repository's default branch, read through the API.
 * The agent branch is written by the model (its tests run there and its patches land there), so nothing on it may
 * decide what the next job is allowed to do: a policy that renames the freeze label or widens the allowed paths,
 * or a prompt that tells the model to ignore the plan, counts only once a human merged it.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError, loadPolicy, type LoadedPolicy, type Octokit } from '@eternia/core';
import { githubCall, httpStatus } from '@eternia/github';
import { PROMPT_OVERRIDE_DIR } from '@eternia/llm';

export interface DefaultBranchConfig {
  defaultBranch: string;
  loaded: LoadedPolicy;
  /** A private folder holding `.github/agents/prompts/*.md` of the default branch: pass it to loadPrompt as the workspace. */
  configRoot: string;
}

const MAX_PROMPT_FILES = 20;

/** Reads the policy file and the prompt overrides at the default branch's head. */
export async function readDefaultBranchConfig(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  opts: { policyFile?: string | undefined; tempDir?: string | undefined },
): Promise<DefaultBranchConfig> {
  const { data: repository } = await githubCall(`reading ${repo.owner}/${repo.repo}`, () => octokit.rest.repos.get(repo));
  const ref = repository.default_branch;
  const loaded = await loadPolicy({
    // Any absolute path does: the reader below maps it back to the repository path.
    workspace: '/default-branch',
    file: opts.policyFile,
    readFile: async (absolute) => {
      const text = await fileAt(octokit, repo, ref, path.posix.relative('/default-branch', absolute));
      if (text === null) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
      return text;
    },
  });
  const source = loaded.source === null ? null : `${loaded.source} on ${ref}`;
  const configRoot = await mkdtemp(path.join(opts.tempDir ?? os.tmpdir(), 'eternia-config-'));
  await copyPromptOverrides(octokit, repo, ref, configRoot);
  return { defaultBranch: ref, loaded: { ...loaded, source, notices: [...loaded.notices] }, configRoot };
}

async function fileAt(octokit: Octokit, repo: { owner: string; repo: string }, ref: string, file: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: file, ref });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
      throw new ConfigurationError(`is not a file on the default branch ${ref}`, file);
    }
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

async function copyPromptOverrides(octokit: Octokit, repo: { owner: string; repo: string }, ref: string, root: string): Promise<void> {
  let listing: unknown;
  try {
    ({ data: listing } = await octokit.rest.repos.getContent({ ...repo, path: PROMPT_OVERRIDE_DIR, ref }));
  } catch (error) {
    if (httpStatus(error) === 404) return;
    throw error;
  }
  if (!Array.isArray(listing)) return;
  const prompts = listing
    .filter((e): e is { type: string; name: string; path: string } => typeof e?.name === 'string' && e.type === 'file')
    .filter((e) => /^[a-z0-9][a-z0-9_-]*\.md$/i.test(e.name))
    .slice(0, MAX_PROMPT_FILES);
  const dir = path.join(root, PROMPT_OVERRIDE_DIR);
  await mkdir(dir, { recursive: true });
  for (const entry of prompts) {
    const text = await fileAt(octokit, repo, ref, entry.path);
    if (text !== null) await writeFile(path.join(dir, entry.name), text, { mode: 0o600 });
  }
}
