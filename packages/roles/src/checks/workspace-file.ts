import path from 'node:path';
import { ConfigurationError } from '@eternia/core';

/** An input naming a file: resolved against the workspace, and refused outside the workspace and RUNNER_TEMP. */
export function workspaceFile(input: string, inputName: string, roots: { workspace: string; runnerTemp?: string | undefined }): string {
  if (input.trim() === '') throw new ConfigurationError('must name a file', inputName);
  const allowed = [roots.workspace, roots.runnerTemp].filter((r): r is string => !!r).map((r) => path.resolve(r));
  const file = path.resolve(roots.workspace, input);
  if (!allowed.some((root) => file.startsWith(root + path.sep))) {
    throw new ConfigurationError(`must be a file inside the workspace or RUNNER_TEMP, got ${JSON.stringify(input)}`, inputName);
  }
  return file;
}
