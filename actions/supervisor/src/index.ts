import { startRole } from '@eternia/action-kit/start';

// No early request: an event that is not the flow's makes none, and GET /user fails for the job's token.
await startRole(null, () => import('./role.js'));
