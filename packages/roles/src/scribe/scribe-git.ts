/**
 * The scribe's git: hooks off, no system or global config, a fixed PATH, git by absolute path and no credentials.
 * The scribe only reads history and applies docs patches in its checkout; it never pushes.
 */
import { Git, hardenedGitEnv, resolveGit } from '@eternia/git';

export function scribeGit(opts: { workspace: string; tempDir?: string | undefined }): Git {
  return new Git({ cwd: opts.workspace, env: hardenedGitEnv({ tempDir: opts.tempDir }), inheritEnv: false, gitPath: resolveGit() });
}
