import { startRole } from '@eternia/action-kit/start';

// No early request: its first GitHub request is not one of the forms the early request covers (EarlyPath).
await startRole(null, () => import('./role.js'));
