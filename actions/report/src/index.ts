import { startRole } from '@eternia/action-kit/start';

// First request: the default branch's policy (readDefaultBranchConfig) starts with GET /repos/{owner}/{repo}.
await startRole('/repos/{owner}/{repo}', () => import('./role.js'));
