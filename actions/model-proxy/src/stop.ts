import { rmSync } from 'node:fs';
import type { ModelProxyActionDeps } from './main.js';
import { isAlive, signal, type Privilege } from './privilege.js';

const STOP_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(50)) {
    if (!isAlive(pid)) return true;
  }
  return !isAlive(pid);
}

/** Asks the proxy to stop (it belongs to another user, so a signal may not reach it), reads what it spent, and makes sure it is gone. */
export async function stopPhase(deps: ModelProxyActionDeps): Promise<void> {
  const { io, state } = deps;
  const stagedDir = state.get('staged-dir');
  const pid = Number(state.get('pid'));
  const controlUrl = state.get('control-url');
  const controlToken = state.get('control-token');
  const privilege = (state.get('privilege') || 'none') as Privilege;
  if (controlToken) io.setSecret(controlToken);
  try {
    if (!Number.isInteger(pid) || pid <= 0) {
      io.info('no model proxy was started by this step; nothing to stop');
      return;
    }
    let spent: { tokens: number; costUsd: number } | undefined;
    try {
      const response = await fetch(`${controlUrl}/stop`, {
        method: 'POST',
        headers: { authorization: `Bearer ${controlToken}` },
        signal: AbortSignal.timeout(STOP_WAIT_MS),
      });
      if (response.ok) spent = (await response.json()) as { tokens: number; costUsd: number };
    } catch (error) {
      io.warning(`the model proxy did not answer its stop request (${(error as Error).message}); stopping it by signal`);
    }
    let gone = await waitForExit(pid, STOP_WAIT_MS);
    if (!gone) {
      signal(privilege, pid, 'SIGKILL');
      gone = await waitForExit(pid, STOP_WAIT_MS);
    }
    const figures = spent ? `${spent.tokens} tokens, $${spent.costUsd.toFixed(4)}` : 'spending unknown';
    if (!gone) io.warning(`the model proxy (pid ${pid}) is still running and could not be stopped`);
    else io.info(`model proxy stopped (pid ${pid}): ${figures}`);
    await io.appendSummary(`## Model proxy\n\n${gone ? 'Stopped' : '**Still running**'} (pid ${pid}). Spent through it in this job: ${figures}.\n`);
  } finally {
    if (stagedDir) rmSync(stagedDir, { recursive: true, force: true });
  }
}
