import { runRole } from '@eternia/action-kit';
import { actionsCoreIO, runAction } from '@eternia/core';
import { role } from './role.js';

const io = actionsCoreIO();
await runAction(role.name, () => runRole(role, { io, env: process.env, cwd: process.cwd() }), io);
