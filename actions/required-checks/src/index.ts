import { startRole } from '@eternia/action-kit/start';

// No early request: the first names a branch taken from the inputs or the event.
await startRole(null, () => import('./role.js'));
