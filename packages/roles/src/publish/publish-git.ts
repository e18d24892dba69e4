/**
 * The two git clients of the publish job, both with hooks off, no system/global config, a fixed PATH and git by
 * absolute path; only `pushGit` carries the credentials (an HTTP header through GIT_CONFIG_*, never .git/config).
 */
import { authHeaderConfig, Git, hardenedGitEnv, resolveGit } from '@eternia/git';

export function publishGits(opts: { workspace: string; token: string; serverUrl: string; tempDir?: string | undefined }): {
  git: Git;
  pushGit: Git;
} {
  const gitPath = resolveGit();
  const local = hardenedGitEnv({ tempDir: opts.tempDir });
  const withToken = hardenedGitEnv({ tempDir: opts.tempDir, extraConfig: authHeaderConfig(opts.token, opts.serverUrl) });
  return {
    git: new Git({ cwd: opts.workspace, env: local, inheritEnv: false, gitPath }),
    pushGit: new Git({ cwd: opts.workspace, env: withToken, inheritEnv: false, gitPath }),
  };
}
