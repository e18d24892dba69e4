/**
 * What an action entry (actions/<role>/src/index.ts) runs, in one call: it starts the role's first GitHub request,
 * then loads the role host, @eternia/core and the role through dynamic imports, so that request is on the wire
 * while Node reads and compiles them (a static import would load them all before any line of the entry runs).
 * This file imports nothing else at start: the bundle's entry stays a few KiB.
 */
import { dropEarlyRequest, startEarlyRequest, type EarlyPath } from '@eternia/core/early-request';
import type { z } from 'zod';
import type { RoleDeclaration, RoleNeeds } from '../role-declaration.js';

/**
 * What a role's first GET is, decided from the environment alone (process.env and the event file, read with node:fs)
 * before anything heavy loads; null when the run makes no request, or one it cannot tell so early.
 */
export type FirstRequestOf = (env: NodeJS.ProcessEnv) => EarlyPath | null;

/**
 * Runs the role `load` gives. `firstRequest` is the GET the role makes first, whatever happens (a test checks it
 * is used, role by role); or a function of the environment for a role whose first request depends on the event;
 * null for a role whose first request depends on the answers.
 */
export async function startRole<S extends z.ZodObject, N extends RoleNeeds>(
  firstRequest: EarlyPath | FirstRequestOf | null,
  load: () => Promise<{ role: RoleDeclaration<S, N> }>,
): Promise<void> {
  const early = typeof firstRequest === 'function' ? firstRequest(process.env) : firstRequest;
  if (early) startEarlyRequest(early, process.env);
  try {
    const [{ runRole }, { actionsCoreIO, runAction }, { role }] = await Promise.all([import('../run-role.js'), import('@eternia/core'), load()]);
    const io = actionsCoreIO();
    await runAction(role.name, () => runRole(role, { io, env: process.env, cwd: process.cwd() }), io);
  } finally {
    // Nothing outlives the run; an early request nobody took is a role naming the wrong first request.
    for (const label of dropEarlyRequest()) process.stdout.write(`::debug::early request ${label} was not used\n`);
  }
}
