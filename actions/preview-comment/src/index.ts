import { startRole } from '@eternia/action-kit/start';

// First request: the PR of the `pr` input (none without it).
await startRole('/repos/{owner}/{repo}/pulls/{pr}', () => import('./role.js'));
