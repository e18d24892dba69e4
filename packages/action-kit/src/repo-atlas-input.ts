import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from '@eternia/core';
import { isWithin } from './path-within.js';

/** The input of the roles that read the repo atlas (plan, write-tests, implement, review): the atlas's path. */
export const repoAtlasInput = { 'repo-atlas': z.string().optional() };

/**
 * The `repo-atlas` input resolved against the workspace, or undefined when empty. A path inside the checkout is
 * refused: a file there is the branch's, which a commit, a model's patch or an install script can write, and the
 * atlas goes into later prompts. The flow restores it under RUNNER_TEMP, which no sandboxed code can reach.
 */
export function repoAtlasFile(value: string | undefined, workspace: string): string | undefined {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return undefined;
  const file = path.resolve(workspace, trimmed);
  if (isWithin(workspace, file)) {
    throw new ConfigurationError(
      `${JSON.stringify(value)} is inside the checkout, where the branch (its commits, a model's patch, an install script) could write the atlas the prompts are built from; restore it outside, e.g. \${{ runner.temp }}/repo-atlas/repo_atlas.json`,
      "input 'repo-atlas'",
    );
  }
  return file;
}
