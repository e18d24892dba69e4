import { actionsCoreIO, runAction } from '@eternia/core';
import { run } from './main.js';

const io = actionsCoreIO();
await runAction('publish', () => run({ io, env: process.env, cwd: process.cwd() }), io);
