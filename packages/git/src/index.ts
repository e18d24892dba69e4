export { Git, type ExecLike, type GitOptions, type PushOptions, type PushResult, type RebaseResult, type BranchCommit } from './git.js';
export { GitCommandError } from './git-error.js';
export { commitAsBot, botEmail } from './bot-commit.js';
export { branchSlug, agentBranchName } from './branch-name.js';
export { refNameProblem, isValidRefName, branchNameProblem, isValidBranchName } from './ref-format.js';
export { redactUrlCredentials, redactGitText } from './redact.js';
export { parsePorcelainZ, type StatusEntry } from './status.js';
export { gitAuthEnv } from './auth-env.js';
export { FIXED_PATH, resolveGit, hardenedGitEnv, authHeaderConfig } from './hardened-env.js';
