import { startRole } from '@eternia/action-kit/start';

// No early request: the atlas asks GitHub nothing.
await startRole(null, () => import('./role.js'));
