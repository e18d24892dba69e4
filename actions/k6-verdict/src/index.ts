import { startRole } from '@eternia/action-kit/start';

// No early request: the first is GET /user (the bot login), which fails for the job's token.
await startRole(null, () => import('./role.js'));
