import type { ActionIO } from '@eternia/core';
import type { ArtifactClientLike, DossierStore } from '@eternia/dossier';
import type { RunTestsFn } from '@eternia/roles/delivery';
import type { Sandbox } from '@eternia/tools';

/** What every action's `run(deps)` takes: the runner's IO, environment and working directory. */
export interface ActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Tests reach local servers with the global fetch; the runner uses createOctokit's own (node:http/https, or the proxy's). */
  fetch?: typeof fetch;
}

/** What a flow role's `run(deps)` takes: the action's deps plus the seams tests use. */
export interface RoleActionDeps extends ActionDeps {
  dossierStore?: DossierStore;
  /** Overrides @actions/artifact's client inside Actions (tests). */
  artifactClient?: ArtifactClientLike;
  /** The built-in prompts; by default `prompts/` of this library, two folders up from the bundle. */
  promptsDir?: string;
  /** Roles that run the repository's tests (write-tests, implement): tests run them without the sandbox. */
  runTests?: RunTestsFn;
  sandbox?: Sandbox;
  /** Roles that wait (ci): tests skip the real waiting. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}
