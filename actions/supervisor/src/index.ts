import { startRole } from '@eternia/action-kit/start';
import { supervisorFirstRequest } from './first-request.js';

// First request: by the event (the labels listing, or GET /user before it); none for an event the role ignores.
await startRole(supervisorFirstRequest, () => import('./role.js'));
