import { z } from 'zod';
import type { ActionDeps } from '@eternia/action-kit';
import { parseInputs } from '@eternia/core';
import type { Privilege } from './privilege.js';
import { startPhase } from './start.js';
import { stopPhase } from './stop.js';

export const inputsSchema = z.object({
  'openai-api-key': z.string().min(1),
  'openai-base-url': z
    .string()
    .regex(/^(https?:\/\/[^\s@/]+(\/\S*)?)?$/, 'expected an http(s) URL without credentials, such as https://api.openai.com/v1')
    .default(''),
  'policy-file': z.string().default('.github/agents.yml'),
  user: z.string().default('eternia-proxy'),
});

/** The runner's per-step state: saved in main, read back in post. */
export interface StepState {
  get(name: string): string;
  save(name: string, value: string): void;
}

/** The action's deps (io, env, cwd), plus the step state and how to start the proxy process. */
export interface ModelProxyActionDeps extends Omit<ActionDeps, 'fetch'> {
  state: StepState;
  /** This bundle, run again with `--serve` as the proxy process. */
  bundlePath: string;
  nodePath: string;
  /** Tests pretend to be a runner without root or sudo. */
  detectPrivilege?: () => Privilege;
}

/** Main starts the proxy; post (same bundle, `isPost` in the state) stops it and reports what it spent. */
export async function run(deps: ModelProxyActionDeps): Promise<void> {
  if (deps.state.get('isPost') === 'true') return stopPhase(deps);
  deps.state.save('isPost', 'true');
  const inputs = parseInputs(inputsSchema, deps.io.getInput);
  return startPhase(deps, inputs);
}
