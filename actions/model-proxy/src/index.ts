import * as core from '@actions/core';
import { actionsCoreIO, runAction } from '@eternia/core';
import { run } from './main.js';
import { serve } from './serve.js';

if (process.argv.includes('--serve')) {
  await serve({ stdin: process.stdin, stdout: process.stdout, pid: process.pid, exit: (code) => process.exit(code) });
} else {
  const io = actionsCoreIO();
  const state = { get: (name: string) => core.getState(name), save: (name: string, value: string) => core.saveState(name, value) };
  await runAction(
    'model-proxy',
    () => run({ io, env: process.env, cwd: process.cwd(), state, bundlePath: process.argv[1]!, nodePath: process.execPath }),
    io,
  );
}
