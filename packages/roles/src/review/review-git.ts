import { Git, hardenedGitEnv, resolveGit } from '@eternia/git';

/** git for the review job: no credentials, hooks off, no global config, git by absolute path on a fixed PATH. */
export function reviewGit(workspace: string, tempDir?: string | undefined): Git {
  return new Git({ cwd: workspace, env: hardenedGitEnv({ tempDir }), inheritEnv: false, gitPath: resolveGit() });
}
