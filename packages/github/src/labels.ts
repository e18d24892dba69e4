import { ConfigurationError, type Octokit } from '@eternia/core';
import { githubCall, httpStatus, validationCodes } from './api-error.js';

export interface LabelRef {
  owner: string;
  repo: string;
  name: string;
}

export async function labelExists(octokit: Octokit, ref: LabelRef): Promise<boolean> {
  return githubCall(`reading label '${ref.name}' of ${ref.owner}/${ref.repo}`, async () => {
    try {
      await octokit.rest.issues.getLabel({ owner: ref.owner, repo: ref.repo, name: ref.name });
      return true;
    } catch (error) {
      if (httpStatus(error) === 404) return false;
      throw error;
    }
  });
}

export interface LabelSpec extends LabelRef {
  /** Six hex digits, with or without '#'. */
  color: string;
  description?: string;
}

/** Creates the label unless it exists; a label created meanwhile by someone else (422 already_exists) counts as success. */
export async function ensureLabel(octokit: Octokit, spec: LabelSpec): Promise<'created' | 'exists'> {
  if (spec.name.trim() === '') throw new ConfigurationError('must not be empty', 'label name');
  const color = spec.color.replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(color)) {
    throw new ConfigurationError(`must be six hex digits, got ${JSON.stringify(spec.color)}`, `color of label '${spec.name}'`);
  }
  if (await labelExists(octokit, spec)) return 'exists';
  return githubCall(`creating label '${spec.name}' in ${spec.owner}/${spec.repo}`, async () => {
    try {
      await octokit.rest.issues.createLabel({
        owner: spec.owner,
        repo: spec.repo,
        name: spec.name,
        color: color.toLowerCase(),
        ...(spec.description !== undefined ? { description: spec.description } : {}),
      });
      return 'created' as const;
    } catch (error) {
      if (httpStatus(error) === 422 && validationCodes(error).includes('already_exists')) return 'exists' as const;
      throw error;
    }
  });
}
